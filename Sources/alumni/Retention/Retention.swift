import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Minimise and erase people kept longer than the organisation's rules allow.",
            discussion: """
                Rules per kind, in years since leaving or the last contact: alumni config set \
                retention.customer.erase_years 3 (or off); see docs/configuration.md. Never while a \
                person has an open inquiry, a pending farewell or check-in, a recent consent or a \
                legal hold (alumni people hold).
                """,
            subcommands: [Plan.self, Run.self, Report.self])

        struct Plan: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List who would be minimised or erased now, and by which rule.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let plan = try await store.withStore { store, _ in try await store.retentionPlan() }
                if output.json { return try Output.json(plan) }
                Output.table(
                    ["PERSON", "RULE", "LAST CONTACT"],
                    plan.map { ["#\($0.personId)", $0.rule, Output.time($0.lastContact)] })
                print("\(plan.count) \(plan.count == 1 ? "person" : "people")")
            }
        }

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Minimise and erase who the plan lists, a batch per transaction, audited per person.",
                discussion: "Stopped part-way, it leaves whole batches done; run it again for the rest.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "People per transaction.") var batch = 200

            func validate() throws {
                guard batch >= 1 else { throw ValidationError("--batch: at least 1") }
            }

            func run() async throws {
                let json = output.json
                let report = try await store.withNotifications { jobs, _ in
                    try await jobs.runRetention(batchSize: batch) { progress in
                        if !json { Output.note("… \(progress.minimised) minimised, \(progress.erased) erased") }
                    }
                }
                if output.json { return try Output.json(report) }
                print("Minimised \(report.minimised), erased \(report.erased)")
            }
        }

        struct Report: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "What retention did, per month.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let months = try await store.withStore { store, _ in try await store.retentionMonths() }
                if output.json { return try Output.json(months) }
                Output.table(
                    ["MONTH", "MINIMISED", "ERASED"],
                    months.map { [$0.month, String($0.minimised), String($0.erased)] })
            }
        }
    }
}
