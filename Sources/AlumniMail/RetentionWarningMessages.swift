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
        return try PersonMessage.make(
            "retention-warning", to: person, at: address, from: from, subject: subject, text: body,
            messageID: "<retention-warning-\(person.id)-\(erasureDay)@alumni-desk>",
            dedupeKey: "retention-warning:\(person.id)", date: now, headers: [("Auto-Submitted", "auto-generated")])
    }
}
