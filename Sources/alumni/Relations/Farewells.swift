import AlumniCore
import AlumniStore
import ArgumentParser

extension FarewellPlan.Status: ExpressibleByArgument {}

extension AlumniCommand {
    struct Farewells: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Thank-you emails to people who left, scheduled by their departure.",
            discussion: """
                A departure (people depart, the API, or an import with a left date) schedules a farewell after \
                `farewell.delay_days`. `alumni serve` sends due farewells in the background; `farewells send` is one \
                pass, for cron. Someone who cannot be emailed is skipped with the reason: say goodbye another way and \
                record it with `people farewell ID`.
                """,
            subcommands: [List.self, Send.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Farewells, soonest due first.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "scheduled, sent or skipped.") var status: FarewellPlan.Status?
            @Flag(help: "Only the goodbyes still owed: skipped, and none recorded since (`people farewell`).")
            var owed = false
            @Option(help: "How many to show.") var limit = 50
            @Option(help: "How many to skip (for the next page).") var offset = 0

            func validate() throws {
                if owed, status != nil { throw ValidationError("--owed lists skipped farewells; leave out --status") }
            }

            func run() async throws {
                let (owed, status, limit, offset) = (owed, status, limit, offset)
                let (page, calendar) = try await store.withStore { store, caller in
                    (
                        owed
                            ? try await store.goodbyesOwed(limit: limit, offset: offset, as: caller)
                            : try await store.farewellPlans(status: status, limit: limit, offset: offset, as: caller),
                        try await store.businessCalendar()
                    )
                }
                if output.json { return try Output.json(page) }
                Output.table(
                    ["ID", "PERSON", "LEFT", "DUE", "STATUS", "WHY SKIPPED"],
                    page.items.map {
                        [
                            "\($0.id)", "#\($0.personId)", $0.left.description, Output.local($0.dueAt, calendar),
                            $0.status.rawValue, $0.skipReason ?? "",
                        ]
                    })
                print("\(page.items.count) of \(page.total)")
            }
        }

        struct Send: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue every due farewell in the outbox (then `outbox deliver` sends them).")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let report = try await store.withNotifications { jobs, _ in try await jobs.sendFarewells() }
                if output.json { return try Output.json(report) }
                print("farewells queued \(report.sent), skipped \(report.skipped)")
            }
        }
    }
}
