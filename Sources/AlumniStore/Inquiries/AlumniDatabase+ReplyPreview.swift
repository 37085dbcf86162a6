import AlumniCore
import Foundation
import GRDB

/// The e-mail a step would send the requester, as they will read it.
public struct MessagePreview: Sendable, Equatable {
    public var recipient: String
    public var subject: String
    public var text: String
}

extension MessagePreview {
    /// The message as its requester will read it: the text part of its payload.
    init(_ message: NewOutboxMessage) throws {
        let payload = try JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any]
        self.init(recipient: message.recipient, subject: message.subject, text: payload?["text"] as? String ?? "")
    }

    /// The message a reply `step` to the open `inquiry` of `person` would queue, written with
    /// `messages`; nil when none would go.
    static func reply(
        _ step: InquiryStep, to inquiry: Inquiry, person: Person, calendar: BusinessCalendar,
        messages: any RequesterMessages
    ) throws -> MessagePreview? {
        try inquiry.requireOpen()
        guard
            let notice = step.requesterNotice(for: inquiry, person: person, eventId: 0, calendar: calendar),
            let message = try messages.message(for: notice)
        else { return nil }
        return try MessagePreview(message)
    }
}

extension AlumniDatabase {
    /// The message a reply with `body` to inquiry `id` would queue, rendered exactly as the
    /// reply renders it (their language, the organisation's templates) but written nowhere;
    /// nil when no message would go (no address, do-not-contact, erased).
    public func previewReply(toInquiry id: Int64, body: String) throws -> MessagePreview? {
        let reply = try InquiryStep.reply(body)
        guard let requesterMessages else { return nil }
        return try writer.read { db in
            let inquiry = try InquiryRows.fetch(id: id, in: db)
            return try MessagePreview.reply(
                reply, to: inquiry, person: try PersonRows.fetch(id: inquiry.personId, in: db),
                calendar: try businessCalendar(in: db), messages: requesterMessages)
        }
    }
}
