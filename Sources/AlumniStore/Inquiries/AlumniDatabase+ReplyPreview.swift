import AlumniCore
import Foundation
import GRDB

/// The e-mail a step would send the requester, as they will read it.
public struct MessagePreview: Sendable, Equatable {
    public var recipient: String
    public var subject: String
    public var text: String
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
            try inquiry.requireOpen()
            let calendar = try businessCalendar(in: db)
            guard
                let notice = reply.requesterNotice(
                    for: inquiry, person: try PersonRows.fetch(id: inquiry.personId, in: db), eventId: 0,
                    calendar: calendar),
                let message = try requesterMessages.message(for: notice)
            else { return nil }
            let payload = try JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any]
            return MessagePreview(
                recipient: message.recipient, subject: message.subject, text: payload?["text"] as? String ?? "")
        }
    }
}
