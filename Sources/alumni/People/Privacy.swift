import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct DataAccess: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Print everything held about a person as JSON: the answer to a data-access request.",
            discussion: "Includes pension arrangements; the read is audited.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64

        func run() throws {
            try Output.json(try store.open().dataExport(personId: id, actor: store.actorName))
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person's personal data for good.",
            discussion: """
                Names, contact details, reference, tags, employment, pension data and consent history are removed. \
                An anonymous record (kind, country, language, dates, sentiment) stays for statistics. This cannot be undone.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64

        func run() throws {
            try store.open().erasePerson(id: id, actor: store.actorName)
            print("Erased the personal data of #\(id)")
        }
    }
}
