import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place or lift a legal hold: retention keeps the person as they are while it stands.",
            discussion: "A hold needs a reason (a dispute, an authority's request); both are audited.")

        enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @Argument(help: "on or off.") var state: Switch
        @Option(help: "Why the person must be kept (required with on).") var reason: String?

        func run() throws {
            let database = try store.open()
            try database.setLegalHold(personId: id, on: state == .on, reason: reason, actor: try store.actor(database))
            print(state == .on ? "Legal hold placed on #\(id)" : "Legal hold lifted from #\(id)")
        }
    }
}
