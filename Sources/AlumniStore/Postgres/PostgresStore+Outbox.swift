import AlumniCore
import Foundation
import PostgresNIO

/// The outbox on PostgreSQL: SQLite's SQL (`OutboxRows`), in the caller's transaction.
extension PostgresStore {
    /// Queues a message on `connection`, to be sent at `sendAt` (default now); returns its id,
    /// or nil when one with the same dedupe key is already there.
    @discardableResult
    func enqueue(_ message: NewOutboxMessage, at now: Date, sendAt: Date? = nil, on connection: PostgresConnection)
        async throws -> Int64?
    {
        guard
            let row = try await rows(
                OutboxRows.enqueueSQL + " RETURNING id", OutboxRows.enqueueValues(message, at: now, sendAt: sendAt),
                on: connection
            ).first
        else { return nil }
        let id: Int64 = row["id"]
        _ = try await rows(OutboxRows.contentSQL, [id, message.mime, message.payload], on: connection)
        return id
    }
}
