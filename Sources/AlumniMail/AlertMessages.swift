import AlumniCore
import Foundation

/// Turns alert notices into outbox messages: an email to the recipient and a JSON document
/// for webhooks (inquiry id, kind, deadline, owner, link).
public struct AlertMessages: AlertRenderer {
    public let from: Mailbox
    /// Where links point, e.g. `https://alumni.example.com`.
    public let publicURL: String
    public let clock: any WallClock

    public init(from: Mailbox, publicURL: String, clock: any WallClock) {
        self.from = from
        self.publicURL = publicURL
        self.clock = clock
    }

    private struct Payload: Encodable {
        var kind: AlertKind
        var inquiryId: Int64?
        var personId: Int64?
        var deadline: Date
        var owner: String?
        var link: String
        var title: String
    }

    public func digest(of notices: [AlertNotice], to recipient: String, on day: CalendarDate) throws -> NewOutboxMessage
    {
        let subject = "[Alumni Desk] Your alerts for \(day): \(notices.count)"
        let lines = notices.map { notice in
            let what = notice.inquiryId.map { "Inquiry #\($0)" } ?? "Person #\(notice.personId ?? 0)"
            return
                "- \(what): \(notice.kind.phrase) (deadline \(UTCTimestamp.iso8601(notice.deadline)))\n  \(notice.title)"
        }
        let key = "digest:\(recipient):\(day)"
        let messageID = "<digest-\(MailEncoding.stableHash(key))@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(address: recipient)], subject: subject, text: lines.joined(separator: "\n"),
            messageID: messageID, date: clock.now(),
            extraHeaders: [("X-Alumni-Alert", "digest"), ("Auto-Submitted", "auto-generated")])
        let payload = try JSONSerialization.data(
            withJSONObject: ["digest": day.description, "alerts": notices.count, "to": recipient],
            options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: key, recipient: recipient, subject: subject, messageID: messageID, mime: mail.render(),
            payload: String(decoding: payload, as: UTF8.self))
    }

    public func message(for notice: AlertNotice) throws -> NewOutboxMessage {
        let link =
            notice.inquiryId.map { "\(publicURL)/inquiries/\($0)" }
            ?? (notice.kind == .unmatchedMail ? "\(publicURL)/mail" : "\(publicURL)/api/v1/silent")
        let what = notice.inquiryId.map { "Inquiry #\($0)" } ?? "Person #\(notice.personId ?? 0)"
        let subject = "[Alumni Desk] \(what): \(notice.kind.phrase)"
        let deadline = UTCTimestamp.iso8601(notice.deadline)
        let text = """
            \(what): \(notice.kind.phrase).

            \(notice.title)
            Deadline: \(deadline)
            Owner: \(notice.owner ?? "unassigned")

            \(link)
            """
        let messageID = "<alert-\(MailEncoding.stableHash(notice.dedupeKey))@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(address: notice.recipient)], subject: subject, text: text, messageID: messageID,
            date: clock.now(),
            extraHeaders: [
                ("X-Alumni-Alert", notice.kind.rawValue), ("X-Alumni-Deadline", deadline),
                ("Auto-Submitted", "auto-generated"),
            ])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let payload = Payload(
            kind: notice.kind, inquiryId: notice.inquiryId, personId: notice.personId, deadline: notice.deadline,
            owner: notice.owner, link: link, title: notice.title)
        return NewOutboxMessage(
            dedupeKey: "alert:" + notice.dedupeKey, recipient: notice.recipient, subject: subject, messageID: messageID,
            mime: mail.render(), payload: String(decoding: try encoder.encode(payload), as: UTF8.self))
    }
}
