import AlumniCore
import Foundation

/// Farewells in the person's language from the templates `farewell-employee` and
/// `farewell-customer` (English when their language has none), naming their years with us.
public struct FarewellMessages: FarewellRenderer {
    public let from: Mailbox
    public let clock: any WallClock
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?
    /// Signs the link to the feedback page; nil leaves it out.
    public let links: LinkBuilder?

    public init(from: Mailbox, clock: any WallClock, overrides: String? = nil, links: LinkBuilder? = nil) {
        self.from = from
        self.clock = clock
        self.overrides = overrides
        self.links = links
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
        var values = recipient.templateValues
        if let links {
            values["feedback_link"] = links.feedback(
                personId: person.id, planId: notice.planId, version: notice.linkVersion, now: clock.now())
        }
        let subject = template.subject.render(values)
        let body = template.body.render(values).trimmingCharacters(in: .newlines)
        return try PersonMessage.make(
            "farewell", to: person, at: address, from: from, subject: subject, text: body,
            messageID: "<farewell-\(notice.planId)@alumni-desk>", dedupeKey: "farewell:\(notice.planId)",
            date: clock.now(), headers: [("Auto-Submitted", "auto-generated")])
    }
}
