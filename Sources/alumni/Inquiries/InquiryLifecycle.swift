import AlumniCore
import AlumniStore
import ArgumentParser

/// The inquiry id and the message, shared by the steps that write to the thread.
struct MessageOptions: ParsableArguments {
    @Argument(help: "The inquiry's id.") var id: Int64
    @Option(help: "The text.") var body: String
}

extension AlumniCommand.Inquiries {
    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer the requester; the first answer meets the first-response deadline.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() async throws {
            let message = message
            try await store.withStore { store, actor in
                _ = try await store.reply(toInquiry: message.id, body: message.body, actor: actor)
            }
            print("Replied to inquiry #\(message.id)")
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an internal note (not sent, not an answer).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() async throws {
            let message = message
            try await store.withStore { store, actor in
                _ = try await store.addNote(toInquiry: message.id, body: message.body, actor: actor)
            }
            print("Noted on inquiry #\(message.id)")
        }
    }

    struct Inbound: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the requester wrote again; a waiting inquiry's clock starts again.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions
        @Option(help: "When it arrived (default: now).") var at: TimeArgument?

        func run() async throws {
            let (message, at) = (message, at)
            try await store.withStore { store, actor in
                let instant = try await at?.instant(in: store.businessCalendar(), option: "--at")
                _ = try await store.recordInbound(toInquiry: message.id, body: message.body, at: instant, actor: actor)
            }
            print("Recorded the requester's message on inquiry #\(message.id)")
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the requester for something; the resolution clock stops until they write.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() async throws {
            let message = message
            try await store.withStore { store, actor in
                _ = try await store.askRequester(inquiry: message.id, body: message.body, actor: actor)
            }
            print("Inquiry #\(message.id) is waiting on the requester")
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an inquiry to a staff member.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64
        @Option(help: "The staff member.") var to: String

        func run() async throws {
            let (id, to) = (id, to)
            try await store.withStore { store, actor in _ = try await store.assign(inquiry: id, to: to, actor: actor) }
            print("Inquiry #\(id) assigned to \(to)")
        }
    }

    struct Reassign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand every open inquiry of one staff member to another (someone leaves: nothing is orphaned).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The staff member leaving.") var from: String
        @Option(help: "The staff member taking over.") var to: String

        func run() async throws {
            let (from, to) = (from, to)
            let count = try await store.withStore { store, actor in
                try await store.reassignInquiries(from: from, to: to, actor: actor)
            }
            print("Moved \(count) inquir\(count == 1 ? "y" : "ies") from \(from) to \(to)")
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Extend the resolution deadline once, with a reason (GDPR Art. 12(3) for pension and data access).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64
        @Option(help: "How long, in months: 1month or 2months.") var by: DeadlineSpan
        @Option(help: "Why more time is needed; the requester is told.") var reason: String

        func validate() throws {
            guard case .months = by else { throw ValidationError("--by takes months, like 2months") }
        }

        func run() async throws {
            guard case .months(let months) = by else { return }
            let (id, reason) = (id, reason)
            let due = try await store.withStore { store, actor in
                let inquiry = try await store.extend(inquiry: id, byMonths: months, reason: reason, actor: actor)
                return try await store.businessCalendar().day(
                    of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1))
            }
            print("Inquiry #\(id) extended; resolution due \(due)")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an inquiry with its resolution.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64
        @Option(help: "How it was resolved.") var resolution: String

        func run() async throws {
            let (id, resolution) = (id, resolution)
            try await store.withStore { store, actor in
                _ = try await store.close(inquiry: id, resolution: resolution, actor: actor)
            }
            print("Inquiry #\(id) closed")
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a closed inquiry again; the resolution clock starts afresh.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64

        func run() async throws {
            let id = id
            try await store.withStore { store, actor in _ = try await store.reopen(inquiry: id, actor: actor) }
            print("Inquiry #\(id) reopened")
        }
    }
}
