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

    // MARK: - Delivery

    /// The message's person was erased (for a correlated `EXISTS` on `outbox_message`).
    private static let erasedRecipient = """
        SELECT 1 FROM person WHERE person.id = outbox_message.person_id AND person.erased_at IS NOT NULL
        """
    /// The message goes to the person's address, which bounced for good.
    private static let bouncedRecipient = """
        SELECT 1 FROM person WHERE person.id = outbox_message.person_id
            AND person.email_undeliverable_at IS NOT NULL AND lower(person.email) = lower(outbox_message.recipient)
        """

    /// Marks suppressed, among the next due messages (now, limit), those about someone erased,
    /// to an address that bounced, or about a topic their person no longer allows. Each looks the
    /// message's person up by id: written as `person_id IN (SELECT id FROM person WHERE …)`, the
    /// bounce check read the whole person table for every message (delivery fell from about
    /// 4,500 to 965 messages a second at 10,000 people).
    static let suppressSQL = """
        UPDATE outbox_message SET status = 'suppressed', last_error = CASE
            WHEN EXISTS (\(erasedRecipient)) THEN 'erased'
            WHEN EXISTS (\(bouncedRecipient)) THEN 'address bounced'
            ELSE 'the recipient no longer allows this topic' END
        WHERE id IN (
            SELECT id FROM outbox_message WHERE status = 'queued' AND next_attempt_at <= ?
            ORDER BY next_attempt_at, id LIMIT ?)
          AND (EXISTS (\(erasedRecipient))
            OR EXISTS (\(bouncedRecipient))
            OR topic IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM person JOIN consent ON consent.person_id = person.id
              WHERE person.id = outbox_message.person_id AND person.erased_at IS NULL
                AND NOT person.do_not_contact AND consent.topic = outbox_message.topic
                AND consent.channel = 'email' AND consent.granted))
        """

    // MARK: - Claims

    /// Who holds claims now, to find those gone.
    static let holdersSQL = "SELECT DISTINCT claimed_by FROM outbox_message WHERE claimed_by IS NOT NULL"
    /// Ends the leases of a holder that is gone: its messages may be claimed at once.
    static let releaseSQL = "UPDATE outbox_message SET lease_until = NULL WHERE claimed_by = ?"

    // Two index range scans that stop at the limit; an OR of both would read and sort every
    // queued row for each batch. On PostgreSQL each skips the rows another claim is taking at
    // that moment, so claims made at once are disjoint; SQLite's single writer makes them in turn.

    /// Messages left sending whose lease ran out (now, limit).
    static func interruptedSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT id FROM outbox_message WHERE status = 'sending' AND (lease_until IS NULL OR lease_until <= ?)
        ORDER BY next_attempt_at, id LIMIT ?
        """ + skipLocked(dialect)
    }

    /// Queued messages whose time has come and that no lease holds (now, now, limit).
    static func dueSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT id FROM outbox_message
        WHERE status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
        ORDER BY next_attempt_at, id LIMIT ?
        """ + skipLocked(dialect)
    }

    private static func skipLocked(_ dialect: SQLDialect) -> String {
        dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
    }

    /// Claims the messages bound after the holder and the lease's end.
    static func claimSQL(count: Int) -> String {
        "UPDATE outbox_message SET claimed_by = ?, lease_until = ? WHERE id IN (\(placeholders(count)))"
    }

    /// The claimed messages with their content, those left sending first.
    static func claimedSQL(count: Int) -> String {
        """
        SELECT * FROM outbox_message_content WHERE id IN (\(placeholders(count)))
        ORDER BY status = 'sending' DESC, next_attempt_at, id
        """
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Marks an attempt's start on a message its holder still holds, renewing the lease
    /// (lease end, id, holder).
    static let markSendingSQL = """
        UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, lease_until = ?
        WHERE id = ? AND claimed_by = ?
        """

    /// The statement that records how `lease`'s attempt on message `id` ended at `now`, with its
    /// values; it changes nothing when another holder has the message now.
    static func record(_ outcome: DeliveryOutcome, of id: Int64, by lease: OutboxLease, at now: Date)
        -> (String, [DatabaseValue])
    {
        let released = "claimed_by = NULL, lease_until = NULL"
        let held = " WHERE id = ? AND claimed_by = ?"
        let (set, values): (String, [(any DatabaseValueConvertible)?]) =
            switch outcome {
            case .sent: ("status = 'sent', sent_at = ?, last_error = NULL", [now.stored])
            case .failed(let reason, let retryAt?):
                ("status = 'queued', next_attempt_at = ?, last_error = ?", [retryAt.stored, reason])
            case .failed(let reason, nil): ("status = 'failed', last_error = ?", [reason])
            }
        return (
            "UPDATE outbox_message SET \(set), \(released)" + held,
            (values + [id, lease.holder]).map { $0?.databaseValue ?? .null }
        )
    }

    /// The values of ``markSendingSQL`` for `lease` at `now`.
    static func markSendingValues(_ id: Int64, by lease: OutboxLease, at now: Date) -> [DatabaseValue] {
        [now.addingTimeInterval(lease.duration).stored.databaseValue, id.databaseValue, lease.holder.databaseValue]
    }

    // MARK: - Reading and retrying

    /// Messages with their content, as lists and the delivery worker read them.
    static let listed = "outbox_message_content"
    static let newestFirst = "id DESC"
    static let messageSQL = "SELECT * FROM outbox_message_content WHERE id = ?"

    /// Queues failed messages again (now), every one or (with `one`) the one with the id given last.
    static func retrySQL(one: Bool) -> String {
        "UPDATE outbox_message SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE status = 'failed'"
            + (one ? " AND id = ?" : "")
    }

    /// Refuses a retry of message `id` that queued nothing (it is not there, or has not failed).
    static func checkRetried(_ count: Int, id: Int64?) throws {
        if let id, count == 0 { throw StoreError.notFound("failed outbox message #\(id)") }
    }
}

/// The keys the database keeps for signing.
enum SigningKeys {
    /// The key that signs the links in messages.
    static let linksSQL = "SELECT secret FROM signing_key WHERE name = 'links'"
}
