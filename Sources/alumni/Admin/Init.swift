import ArgumentParser

extension AlumniCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database, or bring an existing one up to date.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            _ = try store.open()
            print("Database ready at \(store.databasePath)")
        }
    }
}
