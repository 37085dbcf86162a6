import AlumniCore
import AlumniResources
import Foundation

/// Writes to requesters in their language from the templates in `Resources/templates`
/// (English when their language has none): answers, questions and extension notices, threaded
/// under the inquiry (`References`/`In-Reply-To` its root id) with its reference in the subject.
public struct InquiryMessages: RequesterMessages {
    public let from: Mailbox
    public let clock: any WallClock
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?

    public init(from: Mailbox, clock: any WallClock, overrides: String? = nil) {
        self.from = from
        self.clock = clock
        self.overrides = overrides
    }

    /// The id all messages of inquiry `id` thread under.
    public static func threadRoot(_ id: Int64) -> String { "<inquiry-\(id)@alumni-desk>" }

    public func message(for notice: RequesterNotice) throws -> NewOutboxMessage? {
        guard notice.isDeliverable, let address = notice.person.fields.email else { return nil }
        let name =
            switch notice.kind {
            case .extension: "inquiry-extension"
            case .received: "inquiry-received"
            case .reply, .question: "inquiry-reply"
            }
        let template = try MessageTemplate(
            name, language: notice.person.fields.language?.rawValue ?? "en", overrides: overrides)
        var values = [
            "subject": notice.inquiry.subject, "reference": "INQ-\(notice.inquiry.id)",
            "name": notice.person.fields.givenName ?? "", "body": notice.text, "reason": notice.text,
        ]
        if notice.kind == .extension { values["deadline"] = notice.resolutionDay.description }
        if notice.kind == .received { values["deadline"] = notice.firstResponseDay?.description ?? "" }
        let subject = template.subject.render(values)
        let body = template.body.render(values).trimmingCharacters(in: .newlines)
        let root = Self.threadRoot(notice.inquiry.id)
        let messageID = "<inquiry-\(notice.inquiry.id)-\(notice.eventId)@alumni-desk>"
        // An acknowledgement answers the person's own e-mail and says it is automatic (RFC 3834),
        // so their auto-responder does not answer it.
        let mail = MailMessage(
            from: from, to: [Mailbox(name: notice.person.displayName, address: address)], subject: subject, text: body,
            messageID: messageID, date: clock.now(), inReplyTo: notice.answering ?? root,
            references: [root] + (notice.answering.map { [$0] } ?? []),
            extraHeaders: notice.kind == .received ? [("Auto-Submitted", "auto-replied")] : [])
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "inquiryId": notice.inquiry.id, "kind": notice.kind.rawValue, "to": address, "subject": subject,
                "text": body,
            ], options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey:
                "inquiry:\(notice.inquiry.id):\(notice.kind == .received ? "received" : "event"):\(notice.eventId)",
            recipient: address, subject: subject,
            messageID: messageID, mime: mail.render(), payload: String(decoding: payload, as: UTF8.self),
            about: notice.person.id)
    }
}
