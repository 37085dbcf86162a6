import AlumniCore
import Foundation
import GRDB

extension OutboxMessage.Status: DatabaseValueConvertible {}

extension OutboxMessage: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            id: row["id"], dedupeKey: row["dedupe_key"], recipient: row["recipient"], subject: row["subject"],
            messageID: row["message_id"], mime: row["mime"], payload: row["payload"], status: row["status"],
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"],
            createdAt: row["created_at"], sentAt: row["sent_at"])
    }
}
