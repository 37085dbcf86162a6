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
            let message = try Row.fetchOne(db, sql: MailInRows.bouncedSQL, arguments: [outboxId])
        else { return .unmatched("a bounce about a message the desk cannot find") }
        let diagnostic = MailInRows.diagnostic(of: report)
        try db.execute(
            sql: MailInRows.markBouncedSQL(permanent: report.isPermanent),
            arguments: [report.isPermanent ? diagnostic : "delayed: \(diagnostic)", outboxId])
        var filing = Filing(
            outcome: .bounce, reason: "bounce of message #\(outboxId): \(diagnostic)", outboxId: outboxId)
        guard let personId: Int64 = message["person_id"] else { return filing }
        filing.personId = personId
        let address = (message["recipient"] as String).lowercased()
        try db.execute(
            sql: MailInRows.addBounceSQL, arguments: [personId, address, now.stored, report.status, report.isPermanent])
        let rules = try settings(in: db).mail
        let temporary =
            try Int.fetchOne(
                db, sql: MailInRows.temporaryBouncesSQL,
                arguments: [personId, address, now.addingTimeInterval(-Double(rules.softBounceDays) * 86_400).stored]
            ) ?? 0
        guard report.isPermanent || temporary >= rules.softBounceLimit else { return filing }
        let reason =
            report.isPermanent ? diagnostic : "\(temporary) temporary failures within \(rules.softBounceDays) days"
        guard
            try Int64.fetchOne(
                db, sql: MailInRows.markUndeliverableSQL, arguments: [now.stored, reason, personId, address]) != nil
        else { return filing }
        try AuditLog.record(
            "person.undeliverable", personId: personId, actor: actor, at: now,
            detail: "message #\(outboxId): \(reason)", in: db)
        let key: String = message["dedupe_key"]
        let hasOpenInquiry = try Bool.fetchOne(db, sql: MailInRows.hasOpenInquirySQL, arguments: [personId]) ?? false
        if MailInRows.owedNews(bouncedKey: key, topic: message["topic"], hasOpenInquiry: hasOpenInquiry) {
            try db.execute(sql: MailInRows.markUnreachableSQL, arguments: [now.stored, personId])
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
            try Int64.fetchOne(db, sql: MailInRows.outboxPersonSQL, arguments: [$0])
        }
        if personId == nil, let address = report.originalRecipient {
            let people = try Int64.fetchAll(db, sql: MailInRows.peopleWithAddressSQL, arguments: [address])
            if people.count == 1 { personId = people[0] }
        }
        guard let personId else {
            return .unmatched("a complaint about a message the desk cannot find", outboxId: outboxId)
        }
        let (about, source) = MailInRows.complaintSource(report, outboxId: outboxId)
        let now = clock.now()
        let granted = try ContactTopic.fetchAll(
            db, sql: MailInRows.emailConsentsSQL, arguments: [personId, ContactTopic.pension])
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
        if try Int64.fetchOne(db, sql: MailInRows.clearUndeliverableSQL, arguments: [personId, address]) != nil {
            try AuditLog.record(
                "person.deliverable", personId: personId, actor: actor, at: now, detail: "mail came from the address",
                in: db)
        }
    }

    static func outboxId(of messageID: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: MailInRows.outboxIdSQL), arguments: [messageID])
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
