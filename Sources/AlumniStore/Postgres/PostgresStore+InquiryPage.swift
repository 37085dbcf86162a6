import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// What the desk's inquiry page reads besides the inquiry, on PostgreSQL: the mail filed on its
/// thread, the files people attached, the case it follows up and the preview of a reply.
extension PostgresStore {
    /// The message a reply with `body` to inquiry `id` would queue, written nowhere; nil when
    /// none would go.
    public func previewReply(toInquiry id: Int64, body: String) async throws -> MessagePreview? {
        let reply = try InquiryStep.reply(body)
        guard let requesterMessages else { return nil }
        let inquiry = try await inquiry(id: id)
        return try MessagePreview.reply(
            reply, to: inquiry, person: try await person(id: inquiry.personId),
            calendar: try await businessCalendar(), messages: requesterMessages)
    }

    /// The messages filed on `inquiryId`'s thread, by the event each became.
    public func inboundMail(ofInquiry inquiryId: Int64) async throws -> [Int64: InboundMailRecord] {
        InboundMailRows.byEvent(try await inboundMail(InboundMailRows.ofInquirySQL, [inquiryId]))
    }

    /// The messages `sql` (selecting ``InboundMailRows/columns``) finds, with their attachments.
    func inboundMail(
        _ sql: String, _ arguments: [(any DatabaseValueConvertible)?], on connection: PostgresConnection? = nil
    ) async throws -> [InboundMailRecord] {
        let mail = try await rows(sql, arguments, on: connection)
        let ids: [Int64] = mail.map { $0["id"] }
        let attachments =
            ids.isEmpty
            ? [:]
            : InboundMailRows.attachments(
                from: try await rows(InboundMailRows.attachmentsSQL(count: ids.count), ids, on: connection))
        return mail.map { InboundMailRows.record($0, attachments: attachments[$0["id"]] ?? []) }
    }

    /// The files people attached to an inquiry, by the event they came with, if `actor` may read it.
    public func inquiryAttachments(inquiryId: Int64, as actor: Caller) async throws -> [Int64: [InquiryAttachment]] {
        _ = try await inquiry(id: inquiryId, as: actor)
        return AlumniDatabase.byEvent(
            try await rows(AlumniDatabase.attachmentsOfInquirySQL, [inquiryId]).map(AlumniDatabase.attachment))
    }

    /// One attached file with its content, if `actor` may read its inquiry; the read is audited.
    public func inquiryAttachment(id: Int64, as actor: Caller) async throws -> (InquiryAttachment, Data) {
        guard let inquiryId = try await rows(AlumniDatabase.attachmentInquirySQL, [id]).first?["inquiry_id"] as Int64?
        else { throw StoreError.notFound("attachment #\(id)") }
        _ = try await inquiry(id: inquiryId, as: actor)
        return try await transaction { connection in
            guard
                let row = try await rows(
                    AlumniDatabase.attachmentWithDataSQL, [id, nil as Int64?], on: connection
                ).first
            else { throw StoreError.notFound("attachment #\(id)") }
            let attachment = AlumniDatabase.attachment(row)
            try await audit(
                "inquiry.attachment.read", personId: row["person_id"], actor: actor.name, at: clock.now(),
                detail: "attachment #\(id) of inquiry #\(attachment.inquiryId)", on: connection)
            return (attachment, row["data"] as Data)
        }
    }

    /// The closed inquiry `id` follows up, if any and if `actor` may read `id`.
    public func followedInquiry(of id: Int64, as actor: Caller) async throws -> Int64? {
        _ = try await inquiry(id: id, as: actor)
        return try await rows(InquiryRows.followsSQL, [id]).first?["follows_id"]
    }
}
