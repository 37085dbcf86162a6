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

extension PostgresStore: OutboxStore {
    /// Messages due for delivery now, as SQLite's store picks them (`OutboxRows`): those
    /// suppressed that may no longer go marked first, then those an interrupted pass left
    /// sending, then queued ones whose time has come.
    public func dueOutboxMessages(limit: Int) async throws -> [OutboxMessage] {
        let now = clock.now().stored
        return try await transaction { connection in
            _ = try await rows(OutboxRows.suppressSQL, [now, limit], on: connection)
            let interrupted = try await rows(OutboxRows.interruptedSQL, [limit], on: connection)
                .map(OutboxMessage.init(row:))
            return try await interrupted
                + rows(OutboxRows.dueSQL, [now, limit - interrupted.count], on: connection).map(
                    OutboxMessage.init(row:))
        }
    }

    public func markSending(_ id: Int64) async throws {
        _ = try await rows(OutboxRows.markSendingSQL, [id])
    }

    public func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64?) async throws {
        let (sql, values) = OutboxRows.record(outcome, of: id, at: clock.now())
        try await transaction { connection in
            _ = try await rows(sql, values, on: connection)
            if let next { _ = try await rows(OutboxRows.markSendingSQL, [next], on: connection) }
        }
    }
}

extension PostgresStore {
    public func outboxMessages(status: OutboxMessage.Status?, limit: Int, offset: Int) async throws
        -> Page<OutboxMessage>
    {
        try await page(
            from: OutboxRows.listed, where: status == nil ? "TRUE" : "status = ?", arguments: status.map { [$0] } ?? [],
            orderBy: OutboxRows.newestFirst, limit: limit, offset: offset)
    }

    public func outboxMessage(id: Int64) async throws -> OutboxMessage {
        guard let row = try await rows(OutboxRows.messageSQL, [id]).first else {
            throw StoreError.notFound("outbox message #\(id)")
        }
        return try OutboxMessage(row: row)
    }

    /// Queues failed messages (one, or all) for another round of attempts; returns how many.
    public func retryOutbox(id: Int64?, actor: Caller) async throws -> Int {
        try await authorize(.configure, actor)
        let now = clock.now()
        return try await transaction { connection in
            let count = try await rows(
                OutboxRows.retrySQL(one: id != nil) + " RETURNING id", [now.stored] + (id.map { [$0] } ?? []),
                on: connection
            ).count
            try OutboxRows.checkRetried(count, id: id)
            try await audit(
                "outbox.retried", personId: nil, actor: actor.name, at: now, detail: "\(count) messages",
                on: connection)
            return count
        }
    }

    /// The key that signs the links in messages (unsubscribe, preferences, bounces).
    public func linkSigningKey() async throws -> Data {
        guard let row = try await rows(SigningKeys.linksSQL).first else {
            throw StoreError.notFound("the link signing key")
        }
        return row["secret"]
    }
}
