import AlumniCore
import AlumniStore
import ArgumentParser

extension Followup.Outcome: ExpressibleByArgument {}

extension AlumniCommand {
    struct Followups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check-ins with people some months after they left (set with `config set followup.months`).",
            subcommands: [Due.self, Done.self])

        struct Due: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check-ins due today or earlier, oldest first.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Flag(help: "Also list check-ins that are not due yet.") var all = false
            @Option(help: "How many to show.") var limit = 50
            @Option(help: "How many to skip (for the next page).") var offset = 0

            func validate() throws {
                guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
                guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
            }

            func run() async throws {
                let (due, limit, offset) = (all ? FollowupsDue.all : .today, limit, offset)
                let page = try await store.withStore { store, actor in
                    try await store.dueFollowups(due, limit: limit, offset: offset, as: actor)
                }
                if output.json { return try Output.json(page) }
                Output.table(
                    ["ID", "DUE", "PERSON", "NAME", "LEFT", "AFTER"],
                    page.items.map {
                        [
                            String($0.id), $0.due.description, "#\($0.personId)", $0.personName, $0.left.description,
                            "\($0.months) months",
                        ]
                    })
                print("\(page.items.count) of \(page.total)")
            }
        }

        struct Done: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record how a check-in went.",
                discussion: "`returned` counts the person as a boomerang in `alumni report`.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The check-in's id (from `followups due`).") var id: Int64
            @Option(help: "returned, interested, not-now or declined.") var outcome: Followup.Outcome
            @Option(help: "What was said.") var note: String?

            func run() async throws {
                let (id, outcome, note) = (id, outcome, note)
                let followup = try await store.withStore { store, actor in
                    try await store.completeFollowup(id: id, outcome: outcome, note: note, actor: actor)
                }
                print("Check-in #\(followup.id) with \(followup.personName) recorded: \(outcome.rawValue)")
            }
        }
    }
}
