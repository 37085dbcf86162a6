import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place or lift a legal hold: retention keeps the person as they are while it stands.",
            discussion: "A hold needs a reason (a dispute, an authority's request); both are audited.")

        enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @Argument(help: "on or off.") var state: Switch
        @Option(help: "Why the person must be kept (required with on).") var reason: String?

        func run() async throws {
            let (id, on, reason) = (id, state == .on, reason)
            try await store.withStore { store, actor in
                try await store.setLegalHold(personId: id, on: on, reason: reason, actor: actor)
            }
            print(state == .on ? "Legal hold placed on #\(id)" : "Legal hold lifted from #\(id)")
        }
    }
}
