import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the audit log: who changed or read what, newest first.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Only entries about this person.")
        var person: Int64?

        @Option(help: "How many entries to show.")
        var limit = 100

        @Option(help: "How many entries to skip.")
        var offset = 0

        func run() async throws {
            let (person, limit, offset) = (person, limit, offset)
            let page = try await store.withStore { store, actor in
                try await store.auditEvents(personId: person, limit: limit, offset: offset, as: actor)
            }
            if output.json { return try Output.json(page) }
            Output.table(
                ["ID", "WHEN", "ACTOR", "ACTION", "PERSON", "DETAIL"],
                page.items.map {
                    [
                        String($0.id), Output.time($0.at), $0.actor, $0.action, $0.personId.map { "#\($0)" } ?? "",
                        $0.detail ?? "",
                    ]
                })
            print("\(page.items.count) of \(page.total) entries")
        }
    }
}
