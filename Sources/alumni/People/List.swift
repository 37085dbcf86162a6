import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List and search people.",
            discussion: "Example: alumni people list --country NO --left-after 2020-01-01 --search odegard")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var filters: PersonFilterOptions
        @Option(help: "How many people to show.") var limit = 50
        @Option(help: "How many people to skip (for the next page).") var offset = 0

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
            guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        }

        func run() async throws {
            var query = filters.query
            query.limit = limit
            query.offset = offset
            let page = try await store.withStore { store, actor in try await store.people(matching: query, as: actor) }
            if output.json { return try Output.json(page) }
            Output.table(PersonPrinter.header, page.items.map(PersonPrinter.row))
            let first = page.items.isEmpty ? 0 : offset + 1
            print("\(first)–\(offset + page.items.count) of \(page.total)")
        }
    }
}
