import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// A delivery report: the outbox message shows it; a permanent failure (or enough
    /// temporary ones within the window) marks the address undeliverable on its person, and a
    /// person owed news (an open inquiry, a reply, a farewell, a pension message) becomes
    /// unreachable, for the alert scan to raise.
    func fileBounce(
        _ report: DeliveryReport, bouncedMessage: Int64?, actor: String, now: Date, in db: Database
    ) throws -> Filing {
        guard
            let outboxId = try bouncedMessage
                ?? report.originalMessageID.flatMap({ try Self.outboxId(of: $0, in: db) }),
            let message = try Row.fetchOne(
                db, sql: "SELECT person_id, recipient, dedupe_key, topic FROM outbox_message WHERE id = ?",
                arguments: [outboxId])
        else { return .unmatched("a bounce about a message the desk cannot find") }
        // Remote servers quote the address in their diagnostic: it is left out, so the audit log
        // and the outbox keep no address after the person is erased.
        let diagnostic = [report.status, report.diagnostic].compactMap { $0 }.joined(separator: " ")
            .replacingOccurrences(
                of: #"[^\s<>"'(),;:]+@[^\s<>"'(),;]+"#, with: "<address>", options: .regularExpression)
        try db.execute(
            sql: report.isPermanent
                ? "UPDATE outbox_message SET status = 'bounced', last_error = ? WHERE id = ?"
                : "UPDATE outbox_message SET last_error = ? WHERE id = ?",
            arguments: [report.isPermanent ? diagnostic : "delayed: \(diagnostic)", outboxId])
        var filing = Filing(
            outcome: .bounce, reason: "bounce of message #\(outboxId): \(diagnostic)", outboxId: outboxId)
        guard let personId: Int64 = message["person_id"] else { return filing }
        filing.personId = personId
        let address = (message["recipient"] as String).lowercased()
        try db.execute(
            sql: "INSERT INTO mail_bounce (person_id, address, at, status, permanent) VALUES (?, ?, ?, ?, ?)",
            arguments: [personId, address, now.stored, report.status, report.isPermanent])
        let rules = try settings(in: db).mail
        let temporary =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM mail_bounce WHERE person_id = ? AND address = ? AND NOT permanent AND at >= ?
                    """,
                arguments: [personId, address, now.addingTimeInterval(-Double(rules.softBounceDays) * 86_400).stored]
            ) ?? 0
        guard report.isPermanent || temporary >= rules.softBounceLimit else { return filing }
        let reason =
            report.isPermanent ? diagnostic : "\(temporary) temporary failures within \(rules.softBounceDays) days"
        try db.execute(
            sql: """
                UPDATE person SET email_undeliverable_at = ?, email_undeliverable_reason = ?
                WHERE id = ? AND lower(email) = ? AND email_undeliverable_at IS NULL
                """, arguments: [now.stored, reason, personId, address])
        guard db.changesCount > 0 else { return filing }
        try AuditLog.record(
            "person.undeliverable", personId: personId, actor: actor, at: now,
            detail: "message #\(outboxId): \(reason)", in: db)
        let key: String = message["dedupe_key"]
        let hasOpenInquiry =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM inquiry WHERE person_id = ? AND status != 'closed')",
                arguments: [personId]) ?? false
        if hasOpenInquiry || key.hasPrefix("inquiry:") || key.hasPrefix("farewell:")
            || (message["topic"] as String?) == "pension"
        {
            try db.execute(
                sql: "UPDATE person SET unreachable_since = ? WHERE id = ?", arguments: [now.stored, personId])
        }
        return filing
    }

    /// A feedback report: the person no longer gets marketing by e-mail (every topic but
    /// pension), with the report named as the source.
    func fileComplaint(_ report: FeedbackReport, bouncedMessage: Int64?, actor: String, in db: Database) throws
        -> Filing
    {
        let outboxId = try report.originalMessageID.flatMap { try Self.outboxId(of: $0, in: db) } ?? bouncedMessage
        var personId = try outboxId.flatMap {
            try Int64.fetchOne(db, sql: "SELECT person_id FROM outbox_message WHERE id = ?", arguments: [$0])
        }
        if personId == nil, let address = report.originalRecipient {
            let people = try Int64.fetchAll(
                db, sql: "SELECT id FROM person WHERE lower(email) = ? AND erased_at IS NULL LIMIT 2",
                arguments: [address])
            if people.count == 1 { personId = people[0] }
        }
        guard let personId else {
            return .unmatched("a complaint about a message the desk cannot find", outboxId: outboxId)
        }
        let about = outboxId.map { "message #\($0)" } ?? "a message"
        let source = "complaint: \(about) reported as \(report.feedbackType) (feedback report)"
        let now = clock.now()
        let granted = try ContactTopic.fetchAll(
            db, sql: "SELECT topic FROM consent WHERE person_id = ? AND channel = 'email' AND granted AND topic != ?",
            arguments: [personId, ContactTopic.pension])
        for topic in granted {
            try setConsent(
                Consent(topic: topic, channel: .email, granted: false, source: source, actor: actor, at: now),
                personId: personId, in: db)
        }
        if !granted.isEmpty {
            try AuditLog.record(
                "preferences.changed", personId: personId, actor: actor, at: now, detail: source, in: db)
        }
        return Filing(
            outcome: .complaint, reason: "complaint (\(report.feedbackType)) about \(about)", personId: personId,
            outboxId: outboxId)
    }

    /// Mail from the person's own address shows it works again.
    func clearUndeliverable(personId: Int64, address: String, actor: String, now: Date, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE person SET email_undeliverable_at = NULL, email_undeliverable_reason = NULL,
                    unreachable_since = NULL
                WHERE id = ? AND lower(email) = ? AND email_undeliverable_at IS NOT NULL
                """
        ).execute(arguments: [personId, address])
        if db.changesCount > 0 {
            try AuditLog.record(
                "person.deliverable", personId: personId, actor: actor, at: now, detail: "mail came from the address",
                in: db)
        }
    }

    static func outboxId(of messageID: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM outbox_message WHERE message_id = ? ORDER BY id DESC LIMIT 1"),
            arguments: [messageID])
    }
}

/// Whether mail reaches a person: their address bounced, and whether that left them owed news.
public struct PersonMailStatus: Sendable, Encodable, Equatable {
    /// When the current address bounced for good (nil: as far as we know it works).
    public var undeliverableSince: Date?
    /// The bounce's status and diagnostic, or the count of temporary failures.
    public var reason: String?
    /// Set while they are owed news we cannot e-mail them: reach them another way.
    public var unreachableSince: Date?
}

extension PersonMailStatus {
    /// A person's status, by id.
    static let sql = """
        SELECT email_undeliverable_at, email_undeliverable_reason, unreachable_since FROM person WHERE id = ?
        """

    init(row: Row) {
        self.init(
            undeliverableSince: row["email_undeliverable_at"], reason: row["email_undeliverable_reason"],
            unreachableSince: row["unreachable_since"])
    }
}

extension AlumniDatabase {
    /// Whether mail reaches person `id`.
    public func mailStatus(personId id: Int64) throws -> PersonMailStatus {
        try writer.read { db in try mailStatus(personId: id, in: db) }
    }

    func mailStatus(personId id: Int64, in db: Database) throws -> PersonMailStatus {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: PersonMailStatus.sql), arguments: [id]) else {
            throw StoreError.notFound("person #\(id)")
        }
        return PersonMailStatus(row: row)
    }
}
