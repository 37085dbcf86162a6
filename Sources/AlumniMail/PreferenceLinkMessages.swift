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
        return try PersonMessage.make(
            "preference-link", to: person, at: address, from: from, subject: subject, text: body,
            messageID: "<preference-link-\(person.id)-\(stamp)@alumni-desk>",
            dedupeKey: "preference-link:\(person.id):\(stamp)", date: now, headers: [("Auto-Submitted", "auto-replied")]
        )
    }
}
