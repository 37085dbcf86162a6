import AlumniJobs
import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct DataAccess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Print everything held about a person as JSON: the answer to a data-access request.",
            discussion: "Includes pension arrangements; the read is audited.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64

        func run() async throws {
            let id = id
            try Output.json(
                try await store.withStore { store, actor in try await store.dataExport(personId: id, as: actor) })
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person's personal data for good.",
            discussion: """
                Names, contact details, reference, tags, employment, pension data and consent history are removed, \
                and so are the words of their inquiries, farewell notes, alert titles and the messages to and about \
                them (those not sent yet are held back; the file transport's copies are deleted). An anonymous record \
                (kind, country, language, dates, sentiment; inquiry types, states and deadlines) stays for statistics. \
                This cannot be undone, but backups taken before it still hold the data (docs/operations.md).
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64

        func run() async throws {
            let id = id
            _ = try await store.withNotifications { jobs, actor in try await jobs.erase(personId: id, actor: actor) }
            print("Erased the personal data of #\(id)")
        }
    }
}
