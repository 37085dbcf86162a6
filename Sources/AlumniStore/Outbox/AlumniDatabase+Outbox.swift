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

    /// Messages due for delivery now: those left `sending` by an interrupted pass, then queued
    /// ones whose time has come, oldest first. Among the next `limit` due messages, those about
    /// someone erased since they were queued (erasure holds them back itself; this catches one
    /// queued in a race with it), and those about a topic whose person no longer allows it
    /// (consent withdrawn, do-not-contact), are marked suppressed first, so both are checked at
    /// the moment of sending.
    public func dueOutboxMessages(limit: Int) throws -> [OutboxMessage] {
        let now = clock.now().stored
        return try write { db in
            try db.cachedStatement(sql: OutboxRows.suppressSQL).execute(arguments: [now, limit])
            let interrupted = try OutboxMessage.fetchAll(db, sql: OutboxRows.interruptedSQL, arguments: [limit])
            return try interrupted
                + OutboxMessage.fetchAll(db, sql: OutboxRows.dueSQL, arguments: [now, limit - interrupted.count])
        }
    }

    /// Marks a message as being sent, before the transport is called.
    public func markSending(_ id: Int64) throws {
        try write { db in try db.cachedStatement(sql: OutboxRows.markSendingSQL).execute(arguments: [id]) }
    }

    /// Records how an attempt ended and marks the start of the next one, in one transaction.
    public func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64? = nil) throws {
        let now = clock.now()
        try write { db in
            let (sql, values) = OutboxRows.record(outcome, of: id, at: now)
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values))
            if let next { try db.cachedStatement(sql: OutboxRows.markSendingSQL).execute(arguments: [next]) }
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
