import AlumniCore
import AlumniStore
import ArgumentParser

/// The inquiry id and the message, shared by the steps that write to the thread.
struct MessageOptions: ParsableArguments {
    @Argument(help: "The inquiry's id.") var id: Int64
    @Option(help: "The text.") var body: String
}

extension AlumniCommand.Inquiries {
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer the requester; the first answer meets the first-response deadline.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() throws {
            let database = try store.open()
            let inquiry = try database.reply(
                toInquiry: message.id, body: message.body, actor: try store.actor(database))
            print("Replied to inquiry #\(inquiry.id)")
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an internal note (not sent, not an answer).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() throws {
            let database = try store.open()
            _ = try database.addNote(toInquiry: message.id, body: message.body, actor: try store.actor(database))
            print("Noted on inquiry #\(message.id)")
        }
    }

    struct Inbound: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the requester wrote again; a waiting inquiry's clock starts again.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions
        @Option(help: "When it arrived (default: now).") var at: TimeArgument?

        func run() throws {
            let database = try store.open()
            let instant = try at?.instant(in: database.businessCalendar(), option: "--at")
            _ = try database.recordInbound(
                toInquiry: message.id, body: message.body, at: instant, actor: try store.actor(database))
            print("Recorded the requester's message on inquiry #\(message.id)")
        }
    }

    struct Wait: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the requester for something; the resolution clock stops until they write.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var message: MessageOptions

        func run() throws {
            let database = try store.open()
            _ = try database.askRequester(inquiry: message.id, body: message.body, actor: try store.actor(database))
            print("Inquiry #\(message.id) is waiting on the requester")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an inquiry to a staff member.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64
        @Option(help: "The staff member.") var to: String

        func run() throws {
            let database = try store.open()
            _ = try database.assign(inquiry: id, to: to, actor: try store.actor(database))
            print("Inquiry #\(id) assigned to \(to)")
        }
    }

    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand every open inquiry of one staff member to another (someone leaves: nothing is orphaned).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The staff member leaving.") var from: String
        @Option(help: "The staff member taking over.") var to: String

        func run() throws {
            let database = try store.open()
            let count = try database.reassignInquiries(from: from, to: to, actor: try store.actor(database))
            print("Moved \(count) inquir\(count == 1 ? "y" : "ies") from \(from) to \(to)")
        }
    }

    struct Extend: ParsableCommand {
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

        func run() throws {
            guard case .months(let months) = by else { return }
            let database = try store.open()
            let inquiry = try database.extend(
                inquiry: id, byMonths: months, reason: reason, actor: try store.actor(database))
            let calendar = try database.businessCalendar()
            print(
                "Inquiry #\(id) extended; resolution due \(calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1)))"
            )
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an inquiry with its resolution.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64
        @Option(help: "How it was resolved.") var resolution: String

        func run() throws {
            let database = try store.open()
            _ = try database.close(inquiry: id, resolution: resolution, actor: try store.actor(database))
            print("Inquiry #\(id) closed")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a closed inquiry again; the resolution clock starts afresh.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The inquiry's id.") var id: Int64

        func run() throws {
            let database = try store.open()
            _ = try database.reopen(inquiry: id, actor: try store.actor(database))
            print("Inquiry #\(id) reopened")
        }
    }
}
