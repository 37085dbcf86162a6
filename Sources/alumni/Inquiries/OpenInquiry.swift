import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Inquiries {
    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open an inquiry and print its id.",
            discussion: """
                --received may lie in the past (a letter opened today arrived last week): the deadlines count from it. \
                Example: alumni inquiries open --person 42 --type pension --subject "Contributions 2004–2012" --channel letter --received 2026-11-16
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "The requester's id.") var person: Int64
        @Option(help: "\(InquiryType.allowedValues).") var type: InquiryType
        @Option(help: "What it is about, in a line.") var subject: String
        @Option(help: "The requester's message.") var body: String?
        @Option(help: "\(InquiryChannel.allowedValues).") var channel: InquiryChannel = .email
        @Option(help: "When the message arrived (default: now): 2026-11-20, 2026-11-20T14:30 or ISO 8601.")
        var received: TimeArgument?
        @Option(help: "The staff member who owns it (default: unassigned).") var owner: String?

        func run() async throws {
            let (person, type, subject, body, channel, received, owner) = (
                person, type, subject, body, channel, received, owner
            )
            let inquiry = try await store.withStore { store, actor in
                let receivedAt = try await received?.instant(in: store.businessCalendar(), option: "--received")
                return try await store.openInquiry(
                    NewInquiry(
                        personId: person, type: type, subject: subject, body: body, channel: channel,
                        receivedAt: receivedAt, owner: owner), actor: actor)
            }
            print(inquiry.id)
        }
    }
}
