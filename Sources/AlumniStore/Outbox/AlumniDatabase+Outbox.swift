import AlumniCore
import Foundation
import GRDB

/// The database is the outbox the delivery worker works from.
extension AlumniDatabase: OutboxStore {
    /// Queues a message inside the caller's transaction, to be sent at `sendAt` (default now);
    /// returns its id, or nil when a message with the same dedupe key is already there (the
    /// second write is a no-op). A message to a person's address that bounced for good is
    /// kept as `suppressed` ("address bounced") instead of queued.
    func enqueue(_ message: NewOutboxMessage, at now: Date, sendAt: Date? = nil, in db: Database) throws -> Int64? {
        try db.cachedStatement(sql: OutboxRows.enqueueSQL).execute(
            arguments: StatementArguments(OutboxRows.enqueueValues(message, at: now, sendAt: sendAt)))
        guard db.changesCount > 0 else { return nil }
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: OutboxRows.contentSQL).execute(arguments: [id, message.mime, message.payload])
        return id
    }

    /// Claims for `lease` up to `limit` messages due now, in one transaction: those suppressed
    /// that may no longer go are marked first, the claims of holders that are gone ended, then
    /// messages left sending whose lease ran out, then queued ones no lease holds.
    public func claimDueMessages(limit: Int, for lease: OutboxLease) throws -> [OutboxMessage] {
        let now = clock.now()
        return try write { db in
            try db.cachedStatement(sql: OutboxRows.suppressSQL).execute(arguments: [now.stored, limit])
            for holder in try String.fetchAll(db, sql: OutboxRows.holdersSQL)
            where holder != lease.holder && OutboxLease.isGone(holder) {
                try db.execute(sql: OutboxRows.releaseSQL, arguments: [holder])
            }
            let interrupted = try Int64.fetchAll(
                db.cachedStatement(sql: OutboxRows.interruptedSQL(.sqlite)), arguments: [now.stored, limit])
            let ids =
                try interrupted
                + Int64.fetchAll(
                    db.cachedStatement(sql: OutboxRows.dueSQL(.sqlite)),
                    arguments: [now.stored, now.stored, limit - interrupted.count])
            guard !ids.isEmpty else { return [] }
            let claim: [any DatabaseValueConvertible] = [lease.holder, now.addingTimeInterval(lease.duration).stored]
            try db.execute(sql: OutboxRows.claimSQL(count: ids.count), arguments: StatementArguments(claim + ids))
            return try OutboxMessage.fetchAll(
                db, sql: OutboxRows.claimedSQL(count: ids.count), arguments: StatementArguments(ids))
        }
    }

    /// Marks the start of an attempt on a message `lease` holds, renewing the lease; false when
    /// another holder has it now.
    public func markSending(_ id: Int64, by lease: OutboxLease) throws -> Bool {
        try write { db in try markSending(id, by: lease, in: db) }
    }

    private func markSending(_ id: Int64, by lease: OutboxLease, in db: Database) throws -> Bool {
        try db.cachedStatement(sql: OutboxRows.markSendingSQL).execute(
            arguments: StatementArguments(OutboxRows.markSendingValues(id, by: lease, at: clock.now())))
        return db.changesCount == 1
    }

    /// Records how `lease`'s attempt ended, if it still holds the message, and marks the start
    /// of the next one, in one transaction.
    public func recordDelivery(
        _ id: Int64, _ outcome: DeliveryOutcome, by lease: OutboxLease, thenSending next: Int64? = nil
    ) throws -> RecordedDelivery {
        let now = clock.now()
        return try write { db in
            let nextHeld = try next.map { try markSending($0, by: lease, in: db) } ?? false
            let (sql, values) = OutboxRows.record(outcome, of: id, by: lease, at: now)
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values))
            return RecordedDelivery(recorded: db.changesCount == 1, nextHeld: nextHeld)
        }
    }

    /// Messages by status, newest first.
    public func outboxMessages(status: OutboxMessage.Status?, limit: Int, offset: Int = 0) throws -> Page<OutboxMessage>
    {
        try writer.read { db in
            try Page.fetch(
                db, from: OutboxRows.listed, where: "status", equals: status, orderBy: OutboxRows.newestFirst,
                limit: limit, offset: offset)
        }
    }

    /// The newest `limit` messages to or about person `personId`, newest first.
    func outboxMessages(aboutPerson personId: Int64, limit: Int, in db: Database) throws -> [OutboxMessage] {
        try Page<OutboxMessage>.items(
            db, from: OutboxRows.listed, where: "person_id", equals: personId, orderBy: OutboxRows.newestFirst,
            limit: limit, offset: 0)
    }

    /// One message, in full.
    public func outboxMessage(id: Int64) throws -> OutboxMessage {
        try writer.read { db in
            guard
                let message = try OutboxMessage.fetchOne(db, sql: OutboxRows.messageSQL, arguments: [id])
            else { throw StoreError.notFound("outbox message #\(id)") }
            return message
        }
    }

    /// Queues failed messages (one, or all) for another round of attempts; returns how many.
    @discardableResult
    public func retryOutbox(id: Int64?, actor: Caller) throws -> Int {
        try authorize(.configure, actor)
        let actor = actor.name
        let now = clock.now()
        return try write { db in
            try db.execute(sql: OutboxRows.retrySQL(one: id != nil), arguments: [now.stored] + (id.map { [$0] } ?? []))
            let count = db.changesCount
            try OutboxRows.checkRetried(count, id: id)
            try AuditLog.record(
                "outbox.retried", personId: nil, actor: actor, at: now, detail: "\(count) messages", in: db)
            return count
        }
    }
}
