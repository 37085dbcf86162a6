import AlumniCore
import Foundation

/// The warning before an erasure for inactivity, in the person's language, from the template
/// `retention-warning`, with a "keep me on the list" link good until the erasure.
public struct RetentionWarningMessages: RetentionWarningRenderer {
    public let from: Mailbox
    public let links: LinkBuilder
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?

    public init(from: Mailbox, links: LinkBuilder, overrides: String? = nil) {
        self.from = from
        self.links = links
        self.overrides = overrides
    }

    public func message(
        for person: Person, linkVersion: Int, erasureDay: CalendarDate, now: Date
    ) throws -> NewOutboxMessage? {
        guard let address = person.fields.email else { return nil }
        let template = try MessageTemplate(
            "retention-warning", language: person.fields.language?.rawValue ?? "en", overrides: overrides)
        let until = Date(timeIntervalSince1970: TimeInterval(erasureDay.daysSinceEpoch + 1) * 86_400)
        let values: [String: Any] = [
            "name": person.fields.givenName ?? person.displayName, "day": erasureDay.description,
            "link": links.keep(personId: person.id, version: linkVersion, until: until),
        ]
        let subject = template.subject.render(values)
        let body = template.body.render(values).trimmingCharacters(in: .newlines)
        let messageID = "<retention-warning-\(person.id)-\(erasureDay)@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(name: person.displayName, address: address)], subject: subject, text: body,
            messageID: messageID, date: now, extraHeaders: [("Auto-Submitted", "auto-generated")])
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "personId": person.id, "kind": "retention-warning", "to": address, "subject": subject, "text": body,
            ], options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: "retention-warning:\(person.id)", recipient: address, subject: subject, messageID: messageID,
            mime: mail.render(), payload: String(decoding: payload, as: UTF8.self), about: person.id)
    }
}
