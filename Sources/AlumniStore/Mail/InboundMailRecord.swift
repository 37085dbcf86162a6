import AlumniCore
import Foundation
import GRDB

/// What became of a message that came in.
public struct MailReceipt: Sendable, Encodable, Equatable {
    public enum Outcome: String, Sendable, Encodable {
        /// The requester answered: an inbound event on their inquiry.
        case reply
        /// A known person asked something new: an inquiry was opened.
        case newInquiry = "new-inquiry"
        /// An automatic answer, kept on the inquiry or person without changing any clock.
        case automatic
        case bounce
        case complaint
        /// Waits in the unmatched list for staff.
        case unmatched
    }

    public var mailId: Int64
    public var outcome: Outcome
    public var inquiryId: Int64?
    public var personId: Int64?
    /// The same message was stored before (a mail server's retry); nothing changed.
    public var duplicate: Bool
}

/// A message as the desk stored it, for the unmatched list and the inquiry thread.
public struct InboundMailRecord: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Encodable, CaseIterable {
        case filed, unmatched, dismissed
    }

    public var id: Int64
    public var receivedAt: Date
    public var sender: String?
    public var senderName: String?
    public var recipient: String?
    public var subject: String
    /// `message`, `automatic`, `bounce` or `complaint`.
    public var nature: String
    public var status: Status
    /// How it was filed, or why it waits.
    public var reason: String
    public var personId: Int64?
    public var inquiryId: Int64?
    public var eventId: Int64?
    public var text: String
    public var attachments: [InboundAttachment]
}

/// A file that came with a message (its bytes through ``AlumniDatabase/inboundAttachment(id:)``).
public struct InboundAttachment: Sendable, Encodable, Equatable {
    public var id: Int64
    public var mailId: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
}

/// Where staff file a message from the unmatched list.
public enum MailAssignment: Sendable {
    /// On this inquiry, as the requester's message.
    case inquiry(Int64)
    /// As a new inquiry of this person.
    case person(Int64)
    /// As a new inquiry of a person added with these fields.
    case newPerson(PersonFields)
}

enum InboundMailRows {
    static let columns =
        "id, received_at, sender, sender_name, recipient, subject, nature, status, reason, person_id, inquiry_id, event_id, text"

    static func record(_ row: Row, attachments: [InboundAttachment]) -> InboundMailRecord {
        InboundMailRecord(
            id: row["id"], receivedAt: row["received_at"], sender: row["sender"], senderName: row["sender_name"],
            recipient: row["recipient"], subject: row["subject"], nature: row["nature"],
            status: InboundMailRecord.Status(rawValue: row["status"]) ?? .unmatched, reason: row["reason"],
            personId: row["person_id"], inquiryId: row["inquiry_id"], eventId: row["event_id"], text: row["text"],
            attachments: attachments)
    }

    /// The records with `ids`' attachments, in one query.
    static func attachments(ofMail ids: [Int64], in db: Database) throws -> [Int64: [InboundAttachment]] {
        guard !ids.isEmpty else { return [:] }
        return attachments(
            from: try Row.fetchAll(db, sql: attachmentsSQL(count: ids.count), arguments: StatementArguments(ids)))
    }

    /// The attachments of as many messages as `count`, their ids bound.
    static func attachmentsSQL(count: Int) -> String {
        """
        SELECT id, mail_id, filename, content_type, size FROM inbound_attachment
        WHERE mail_id IN (\(databaseQuestionMarks(count: count))) ORDER BY id
        """
    }

    /// The rows of ``attachmentsSQL(count:)`` by message.
    static func attachments(from rows: [Row]) -> [Int64: [InboundAttachment]] {
        Dictionary(
            grouping: rows.map {
                InboundAttachment(
                    id: $0["id"], mailId: $0["mail_id"], filename: $0["filename"], contentType: $0["content_type"],
                    size: $0["size"])
            }, by: \.mailId)
    }

    /// The messages filed on the thread of the inquiry bound.
    static let ofInquirySQL = "SELECT \(columns) FROM inbound_mail WHERE inquiry_id = ? AND event_id IS NOT NULL"

    /// `records` by the thread event each became.
    static func byEvent(_ records: [InboundMailRecord]) -> [Int64: InboundMailRecord] {
        Dictionary(
            records.compactMap { record in record.eventId.map { ($0, record) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// Every message from or filed on the person bound, oldest first.
    static let ofPersonSQL = "SELECT \(columns) FROM inbound_mail WHERE person_id = ? ORDER BY id"

    /// Every message from or filed on person `id`, oldest first.
    static func all(ofPerson id: Int64, in db: Database) throws -> [InboundMailRecord] {
        let rows = try Row.fetchAll(db, sql: ofPersonSQL, arguments: [id])
        let attachments = try attachments(ofMail: rows.map { $0["id"] }, in: db)
        return rows.map { record($0, attachments: attachments[$0["id"]] ?? []) }
    }

    static func fetch(id: Int64, in db: Database) throws -> InboundMailRecord {
        guard let row = try Row.fetchOne(db, sql: UnmatchedMailRows.messageSQL, arguments: [id])
        else { throw StoreError.notFound("mail #\(id)") }
        return record(row, attachments: try attachments(ofMail: [id], in: db)[id] ?? [])
    }
}
