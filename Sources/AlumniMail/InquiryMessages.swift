import AlumniCore
import AlumniResources
import Foundation

/// Writes to requesters in their language from the templates in `Resources/templates`
/// (English when their language has none): answers, questions and extension notices, threaded
/// under the inquiry (`References`/`In-Reply-To` its root id) with its reference in the subject.
public struct InquiryMessages: RequesterMessages {
    public let from: Mailbox
    public let clock: any WallClock

    public init(from: Mailbox, clock: any WallClock) {
        self.from = from
        self.clock = clock
    }

    /// The id all messages of inquiry `id` thread under.
    public static func threadRoot(_ id: Int64) -> String { "<inquiry-\(id)@alumni-desk>" }

    public func message(for notice: RequesterNotice) throws -> NewOutboxMessage? {
        guard notice.isDeliverable, let address = notice.person.fields.email else { return nil }
        let language = notice.person.fields.language?.rawValue ?? "en"
        let name = notice.kind == .extension ? "inquiry-extension" : "inquiry-reply"
        guard
            let template = AlumniResources.template(name, language: language)
                ?? AlumniResources.template(name, language: "en")
        else { throw TransportError("the template \(name) is missing") }
        var values = [
            "subject": notice.inquiry.subject, "reference": "INQ-\(notice.inquiry.id)",
            "name": notice.person.fields.givenName ?? "", "body": notice.text, "reason": notice.text,
        ]
        if notice.kind == .extension { values["deadline"] = notice.resolutionDay.description }
        let (subject, body) = Self.fill(template, values)
        let root = Self.threadRoot(notice.inquiry.id)
        let messageID = "<inquiry-\(notice.inquiry.id)-\(notice.eventId)@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(name: notice.person.displayName, address: address)], subject: subject, text: body,
            messageID: messageID, date: clock.now(), inReplyTo: root, references: [root])
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "inquiryId": notice.inquiry.id, "kind": notice.kind.rawValue, "to": address, "subject": subject,
                "text": body,
            ], options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: "inquiry:\(notice.inquiry.id):event:\(notice.eventId)", recipient: address, subject: subject,
            messageID: messageID, mime: mail.render(), payload: String(decoding: payload, as: UTF8.self))
    }

    /// The template's `Subject:` line and body with every `{{key}}` replaced.
    static func fill(_ template: String, _ values: [String: String]) -> (subject: String, body: String) {
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        let subject = lines.first.map { String($0.dropFirst("Subject: ".count)) } ?? ""
        let body = lines.count > 2 ? String(lines[2]) : ""
        return (subject, body.trimmingCharacters(in: .newlines))
    }
}
