import AlumniCore
import Foundation
import GRDB

/// The SQL that queues a message, run by both stores.
enum OutboxRows {
    /// Queues a message unless one with its dedupe key is there; a message to a person's
    /// address that bounced for good is kept as `suppressed` ("address bounced") instead.
    static let enqueueSQL = """
        INSERT INTO outbox_message (dedupe_key, recipient, subject, message_id, status, last_error,
            next_attempt_at, created_at, person_id, topic, campaign_id)
        SELECT ?1, ?2, ?3, ?4, CASE WHEN bounced THEN 'suppressed' ELSE 'queued' END,
            CASE WHEN bounced THEN 'address bounced' END, ?5, ?6, ?7, ?8, ?9
        FROM (SELECT EXISTS (SELECT 1 FROM person WHERE id = ?7 AND email_undeliverable_at IS NOT NULL
            AND lower(email) = lower(?2)) AS bounced) AS recipient
        WHERE true ON CONFLICT DO NOTHING
        """

    static func enqueueValues(_ message: NewOutboxMessage, at now: Date, sendAt: Date?) -> [DatabaseValue] {
        let values: [(any DatabaseValueConvertible)?] = [
            message.dedupeKey, message.recipient, message.subject, message.messageID, (sendAt ?? now).stored,
            now.stored, message.about, message.consent?.topic, message.campaignId,
        ]
        return values.map { $0?.databaseValue ?? .null }
    }

    /// The message's content, kept apart from the row the delivery worker scans.
    static let contentSQL = "INSERT INTO outbox_content (message_id, mime, payload) VALUES (?, ?, ?)"
}
