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

    /// The message's person was erased (for a correlated `EXISTS` on `outbox_message`).
    private static let erasedRecipient = """
        SELECT 1 FROM person WHERE person.id = outbox_message.person_id AND person.erased_at IS NOT NULL
        """
    /// The message goes to the person's address, which bounced for good.
    private static let bouncedRecipient = """
        SELECT 1 FROM person WHERE person.id = outbox_message.person_id
            AND person.email_undeliverable_at IS NOT NULL AND lower(person.email) = lower(outbox_message.recipient)
        """

    /// Messages due for delivery now: those left `sending` by an interrupted pass, then queued
    /// ones whose time has come, oldest first. Among the next `limit` due messages, those about
    /// someone erased since they were queued (erasure holds them back itself; this catches one
    /// queued in a race with it), and those about a topic whose person no longer allows it
    /// (consent withdrawn, do-not-contact), are marked suppressed first, so both are checked at
    /// the moment of sending.
    public func dueOutboxMessages(limit: Int) throws -> [OutboxMessage] {
        // Each looks the message's person up by id. Written as `person_id IN (SELECT id FROM
        // person WHERE …)`, the bounce check read the whole person table for every message
        // (delivery fell from about 4,500 to 965 messages a second at 10,000 people).
        let now = clock.now().stored
        return try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE outbox_message SET status = 'suppressed', last_error = CASE
                        WHEN EXISTS (\(Self.erasedRecipient)) THEN 'erased'
                        WHEN EXISTS (\(Self.bouncedRecipient)) THEN 'address bounced'
                        ELSE 'the recipient no longer allows this topic' END
                    WHERE id IN (
                        SELECT id FROM outbox_message WHERE status = 'queued' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?)
                      AND (EXISTS (\(Self.erasedRecipient))
                        OR EXISTS (\(Self.bouncedRecipient))
                        OR topic IS NOT NULL AND NOT EXISTS (
                          SELECT 1 FROM person JOIN consent ON consent.person_id = person.id
                          WHERE person.id = outbox_message.person_id AND person.erased_at IS NULL
                            AND NOT person.do_not_contact AND consent.topic = outbox_message.topic
                            AND consent.channel = 'email' AND consent.granted))
                    """
            ).execute(arguments: [now, limit])
            // Two index range scans that stop at the limit; an OR of both would read and sort
            // every queued row for each batch.
            let interrupted = try OutboxMessage.fetchAll(
                db,
                sql:
                    "SELECT * FROM outbox_message_content WHERE status = 'sending' ORDER BY next_attempt_at, id LIMIT ?",
                arguments: [limit])
            return try interrupted
                + OutboxMessage.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM outbox_message_content WHERE status = 'queued' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?
                        """, arguments: [now, limit - interrupted.count])
        }
    }

    /// Marks a message as being sent, before the transport is called.
    public func markSending(_ id: Int64) throws {
        try write { db in try markSending(id, in: db) }
    }

    private func markSending(_ id: Int64, in db: Database) throws {
        try db.cachedStatement(
            sql: "UPDATE outbox_message SET status = 'sending', attempts = attempts + 1 WHERE id = ?"
        ).execute(arguments: [id])
    }

    /// Records how an attempt ended and marks the start of the next one, in one transaction.
    public func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64? = nil) throws {
        let now = clock.now()
        try write { db in
            switch outcome {
            case .sent:
                try db.cachedStatement(
                    sql: "UPDATE outbox_message SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?"
                ).execute(arguments: [now.stored, id])
            case .failed(let reason, let retryAt?):
                try db.execute(
                    sql:
                        "UPDATE outbox_message SET status = 'queued', next_attempt_at = ?, last_error = ? WHERE id = ?",
                    arguments: [retryAt.stored, reason, id])
            case .failed(let reason, nil):
                try db.execute(
                    sql: "UPDATE outbox_message SET status = 'failed', last_error = ? WHERE id = ?",
                    arguments: [reason, id])
            }
            if let next { try markSending(next, in: db) }
        }
    }

    /// Messages by status, newest first.
    public func outboxMessages(status: OutboxMessage.Status?, limit: Int, offset: Int = 0) throws -> Page<OutboxMessage>
    {
        try writer.read { db in
            try Page.fetch(
                db, from: "outbox_message_content", where: "status", equals: status, orderBy: "id DESC", limit: limit,
                offset: offset)
        }
    }

    /// The newest `limit` messages to or about person `personId`, newest first.
    func outboxMessages(aboutPerson personId: Int64, limit: Int, in db: Database) throws -> [OutboxMessage] {
        try Page<OutboxMessage>.items(
            db, from: "outbox_message_content", where: "person_id", equals: personId, orderBy: "id DESC", limit: limit,
            offset: 0)
    }

    /// One message, in full.
    public func outboxMessage(id: Int64) throws -> OutboxMessage {
        try writer.read { db in
            guard
                let message = try OutboxMessage.fetchOne(
                    db, sql: "SELECT * FROM outbox_message_content WHERE id = ?", arguments: [id])
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
            let condition = id == nil ? "status = 'failed'" : "status = 'failed' AND id = ?"
            try db.execute(
                sql:
                    "UPDATE outbox_message SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE \(condition)",
                arguments: [now.stored] + (id.map { [$0] } ?? []))
            let count = db.changesCount
            if id != nil, count == 0 { throw StoreError.notFound("failed outbox message #\(id!)") }
            try AuditLog.record(
                "outbox.retried", personId: nil, actor: actor, at: now, detail: "\(count) messages", in: db)
            return count
        }
    }
}
