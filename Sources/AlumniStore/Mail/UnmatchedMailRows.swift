import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of the mail that came in as staff work through it (the unmatched list, a
/// message, its files and original, filing one where it belongs, dismissing one), shared by
/// both stores.
enum UnmatchedMailRows {
    /// Messages (of the status bound, when `filtered`), newest first, the limit and offset bound last.
    static func listSQL(filtered: Bool) -> String {
        "SELECT \(InboundMailRows.columns) FROM inbound_mail \(filtered ? "WHERE status = ?" : "") ORDER BY id DESC LIMIT ? OFFSET ?"
    }
    static func countSQL(filtered: Bool) -> String {
        "SELECT COUNT(*) AS total FROM inbound_mail \(filtered ? "WHERE status = ?" : "")"
    }
    /// A listed message: without its text, which is read one message at a time, audited.
    static func listed(_ record: InboundMailRecord) -> InboundMailRecord {
        var listed = record
        listed.text = ""
        return listed
    }

    static let messageSQL = "SELECT \(InboundMailRows.columns) FROM inbound_mail WHERE id = ?"
    static let originalSQL = "SELECT person_id, original FROM inbound_mail WHERE id = ?"
    /// The inquiry the message a file came with is filed on (NULL when none), by the file's id.
    static let attachmentInquirySQL = """
        SELECT inbound_mail.inquiry_id FROM inbound_attachment
        JOIN inbound_mail ON inbound_mail.id = inbound_attachment.mail_id WHERE inbound_attachment.id = ?
        """
    static let attachmentSQL = """
        SELECT inbound_attachment.*, inbound_mail.person_id FROM inbound_attachment
        JOIN inbound_mail ON inbound_mail.id = inbound_attachment.mail_id WHERE inbound_attachment.id = ?
        """
    static func attachment(_ row: Row) -> (InboundAttachment, Data) {
        (
            InboundAttachment(
                id: row["id"], mailId: row["mail_id"], filename: row["filename"], contentType: row["content_type"],
                size: row["size"]), row["data"]
        )
    }

    /// Refuses to file or dismiss a message that is not on the unmatched list, and to file one
    /// that is not a person's message (a bounce, a complaint).
    static func checkUnmatched(_ record: InboundMailRecord, filing: Bool) throws {
        guard record.status == .unmatched else {
            throw ValidationFailure([
                FieldError(field: "id", reason: "mail #\(record.id) is \(record.status.rawValue), not unmatched")
            ])
        }
        guard !filing || record.nature == "message" || record.nature == "automatic" else {
            throw ValidationFailure([
                FieldError(field: "id", reason: "mail #\(record.id) is a \(record.nature), not a message; dismiss it")
            ])
        }
    }

    /// What the thread shows of a message filed by staff.
    static func body(of record: InboundMailRecord) -> String {
        record.text.isEmpty ? "(an e-mail without text)" : record.text
    }

    /// The new inquiry a message filed on a person opens, received when the message was.
    static func newInquiry(_ record: InboundMailRecord, personId: Int64, type: InquiryType) -> NewInquiry {
        let subject = record.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        return NewInquiry(
            personId: personId, type: type, subject: subject.isEmpty ? "(no subject)" : subject,
            body: body(of: record), channel: .email, receivedAt: record.receivedAt)
    }

    static let fileSQL = """
        UPDATE inbound_mail SET status = 'filed', reason = ?, person_id = ?, inquiry_id = ?, event_id = ? WHERE id = ?
        """
    static let dismissSQL = "UPDATE inbound_mail SET status = 'dismissed', reason = ? WHERE id = ?"
}
