import ArgumentParser

extension AlumniCommand {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database, or bring an existing one up to date (a SQLite file or a postgres:// URL).")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore { _, _ in }
            print("Database ready at \(try store.location)")
        }
    }
}
