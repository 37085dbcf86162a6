import AlumniCore
import Foundation

/// The e-mail with a fresh preference-page link, in the person's language, from the template
/// `preference-link` (English when their language has none).
public struct PreferenceLinkMessages: PreferenceLinkRenderer {
    public let from: Mailbox
    public let links: LinkBuilder
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?

    public init(from: Mailbox, links: LinkBuilder, overrides: String? = nil) {
        self.from = from
        self.links = links
        self.overrides = overrides
    }

    public func message(for person: Person, linkVersion: Int, now: Date) throws -> NewOutboxMessage? {
        guard let address = person.fields.email else { return nil }
        let template = try MessageTemplate(
            "preference-link", language: person.fields.language?.rawValue ?? "en", overrides: overrides)
        let link = links.preferences(personId: person.id, version: linkVersion, now: now)
        let values: [String: Any] = [
            "name": person.fields.givenName ?? person.displayName, "link": link,
            "days": Int(links.preferenceLifetime / 86_400),
        ]
        let subject = template.subject.render(values)
        let body = template.body.render(values).trimmingCharacters(in: .newlines)
        let stamp = Int64(now.timeIntervalSince1970)
        let messageID = "<preference-link-\(person.id)-\(stamp)@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(name: person.displayName, address: address)], subject: subject, text: body,
            messageID: messageID, date: now, extraHeaders: [("Auto-Submitted", "auto-replied")])
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "personId": person.id, "kind": "preference-link", "to": address, "subject": subject, "text": body,
            ], options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: "preference-link:\(person.id):\(stamp)", recipient: address, subject: subject,
            messageID: messageID, mime: mail.render(), payload: String(decoding: payload, as: UTF8.self),
            about: person.id)
    }
}
