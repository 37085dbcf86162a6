import AlumniCore
import Foundation

/// Farewells in the person's language from the templates `farewell-employee` and
/// `farewell-customer` (English when their language has none), naming their years with us.
public struct FarewellMessages: FarewellRenderer {
    public let from: Mailbox
    public let clock: any WallClock
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?

    public init(from: Mailbox, clock: any WallClock, overrides: String? = nil) {
        self.from = from
        self.clock = clock
        self.overrides = overrides
    }

    public func message(for notice: FarewellNotice) throws -> NewOutboxMessage {
        let person = notice.person
        guard let address = person.fields.email else {
            throw TransportError("farewell #\(notice.planId) has no address")
        }
        let name = person.fields.kind == .customer ? "farewell-customer" : "farewell-employee"
        let template = try MessageTemplate(
            name, language: person.fields.language?.rawValue ?? "en", overrides: overrides)
        let recipient = CampaignRecipient(person: person, years: notice.years, employer: nil, pension: nil)
        let values = recipient.templateValues
        let subject = template.subject.render(values)
        let body = template.body.render(values).trimmingCharacters(in: .newlines)
        let messageID = "<farewell-\(notice.planId)@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(name: person.displayName, address: address)], subject: subject, text: body,
            messageID: messageID, date: clock.now())
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "personId": person.id, "kind": "farewell", "to": address, "subject": subject, "text": body,
            ],
            options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: "farewell:\(notice.planId)", recipient: address, subject: subject, messageID: messageID,
            mime: mail.render(), payload: String(decoding: payload, as: UTF8.self), about: person.id)
    }
}
