import AlumniCore
import Foundation
import GRDB
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
    /// Claims for `lease` up to `limit` messages due now, as SQLite's store does (`OutboxRows`);
    /// rows another claim is taking at the same moment are skipped, so claims never overlap.
    public func claimDueMessages(limit: Int, for lease: OutboxLease) async throws -> [OutboxMessage] {
        let now = clock.now()
        return try await triedAgainWhenBusy { try await claim(limit: limit, for: lease, now: now) }
    }

    private func claim(limit: Int, for lease: OutboxLease, now: Date) async throws -> [OutboxMessage] {
        try await transaction { connection in
            _ = try await rows(OutboxRows.suppressSQL, [now.stored, limit], on: connection)
            for holder in try await rows(OutboxRows.holdersSQL, on: connection).map({ $0["claimed_by"] as String })
            where holder != lease.holder && OutboxLease.isGone(holder) {
                _ = try await rows(OutboxRows.releaseSQL, [holder], on: connection)
            }
            let interrupted = try await rows(
                OutboxRows.interruptedSQL(.postgres), [now.stored, limit], on: connection
            ).map { $0["id"] as Int64 }
            let ids =
                try await interrupted
                + rows(
                    OutboxRows.dueSQL(.postgres), [now.stored, now.stored, limit - interrupted.count], on: connection
                ).map { $0["id"] as Int64 }
            guard !ids.isEmpty else { return [] }
            let claim: [(any DatabaseValueConvertible)?] = [
                lease.holder, now.addingTimeInterval(lease.duration).stored,
            ]
            _ = try await rows(OutboxRows.claimSQL(count: ids.count), claim + ids, on: connection)
            return try await rows(OutboxRows.claimedSQL(count: ids.count), ids, on: connection)
                .map(OutboxMessage.init(row:))
        }
    }

    public func markSending(_ id: Int64, by lease: OutboxLease) async throws -> Bool {
        try await triedAgainWhenBusy { try await markSending(id, by: lease, on: nil) }
    }

    private func markSending(_ id: Int64, by lease: OutboxLease, on connection: PostgresConnection?) async throws
        -> Bool
    {
        try await !rows(
            OutboxRows.markSendingSQL + " RETURNING id", OutboxRows.markSendingValues(id, by: lease, at: clock.now()),
            on: connection
        ).isEmpty
    }

    public func recordDelivery(
        _ id: Int64, _ outcome: DeliveryOutcome, by lease: OutboxLease, thenSending next: Int64?
    ) async throws -> RecordedDelivery {
        let (sql, values) = OutboxRows.record(outcome, of: id, by: lease, at: clock.now())
        return try await triedAgainWhenBusy {
            try await transaction { connection in
                // The next message first: its counts lock before this one's, in the order of
                // their statuses, as every worker's do (`campaign_tally`).
                var nextHeld = false
                if let next { nextHeld = try await markSending(next, by: lease, on: connection) }
                let recorded = try await !rows(sql + " RETURNING id", values, on: connection).isEmpty
                return RecordedDelivery(recorded: recorded, nextHeld: nextHeld)
            }
        }
    }

    /// Runs `body` again, twice at most, when PostgreSQL ended its transaction to break a
    /// deadlock: a delivery's result left unrecorded would send its message again.
    private func triedAgainWhenBusy<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        for _ in 1..<3 {
            do { return try await body() } catch StoreError.busy { continue }
        }
        return try await body()
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
