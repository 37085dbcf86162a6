import AlumniCore
import Foundation
import GRDB

/// Everything held about one person: the answer to a data-access request.
public struct PersonDataExport: Sendable, Encodable {
    public var person: Person
    public var employmentPeriods: [EmploymentPeriod]
    public var pensionArrangements: [PensionArrangement]
    public var preferences: ContactPreferences
    public var auditTrail: [AuditEvent]
    /// The e-mails they sent us, as we keep them (text and the names of their files).
    public var mail: [InboundMailRecord]
    /// The files they attached to their questions in the portal, with their content.
    public var attachments: [AttachedFile]
}

extension PersonDataExport {
    /// The audit trail of the person bound, oldest first.
    static let auditTrailSQL = "SELECT * FROM audit_event WHERE person_id = ? ORDER BY id"
    static let auditAction = "person.data-exported"
}

extension AlumniDatabase {
    /// Collects everything held about a person, for an actor who may read restricted data.
    /// Reads pension data, so it is audited.
    public func dataExport(personId: Int64, as actor: Caller) throws -> PersonDataExport {
        try authorize(.readRestricted, actor, personId: personId)
        return try dataExport(personId: personId, actor: actor.name)
    }

    func dataExport(personId: Int64, actor: String) throws -> PersonDataExport {
        try write { db in
            try AuditLog.record(PersonDataExport.auditAction, personId: personId, actor: actor, at: clock.now(), in: db)
            return PersonDataExport(
                person: try PersonRows.fetch(id: personId, in: db),
                employmentPeriods: try employmentPeriods(personId: personId, in: db),
                pensionArrangements: try pensionArrangements(personId: personId, reader: actor, in: db),
                preferences: try preferences(personId: personId, in: db),
                auditTrail: try AuditEvent.fetchAll(db, sql: PersonDataExport.auditTrailSQL, arguments: [personId]),
                mail: try InboundMailRows.all(ofPerson: personId, in: db),
                attachments: try attachedFiles(personId: personId, in: db))
        }
    }

    /// Removes a person's personal data for good: names, contact details, reference, notes, tags,
    /// employment and pension data and the consent history; the words of their inquiries (subject,
    /// thread, resolution, extension reason), farewell notes, the titles of alerts about them,
    /// the messages to and about them (recipient, subject, content — those not sent yet are held
    /// back as `suppressed`, reason `erased`), and kept responses to idempotent requests that
    /// showed any of it. What stays is anonymous: kind, country, language, dates, sentiment, and
    /// the ids, types, states and deadlines of inquiries and messages, for statistics. Then the
    /// write-ahead log is checkpointed and truncated, so the old text is not left in it.
    ///
    /// - Returns: the outbox messages about the person, for a transport that keeps copies
    ///   (the file transport) to delete them.
    ///
    /// Only for an actor who may erase people.
    @discardableResult
    public func erasePerson(id: Int64, actor: Caller) throws -> ErasureReport {
        try authorize(.erasePeople, actor, personId: id)
        let report = try write { db in try erasePerson(id: id, actor: actor.name, in: db) }
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        return report
    }

    /// The erasure inside the caller's transaction (retention erases many in one); the caller
    /// checkpoints the write-ahead log after.
    func erasePerson(id: Int64, actor: String, in db: Database) throws -> ErasureReport {
        let person = try PersonRows.fetch(id: id, in: db)
        guard person.erasedAt == nil else { return ErasureReport(messageIds: []) }
        let now = clock.now()
        let words = try Self.wordsAbout(person, in: db)
        let said = try Self.messagesAndMail(personId: id, in: db)
        try Self.run(
            said.mail + ErasureRows.personSQL(personId: id, now: now) + ErasureRows.inquiryWordsSQL(personId: id)
                + ErasureRows.messagesSQL(toThem: said.toThem, alerts: said.alerts), in: db)
        try Self.forgetResponses(showing: words, in: db)
        try AuditLog.record("person.erased", personId: id, actor: actor, at: now, in: db)
        return ErasureReport(messageIds: said.toThem + said.alerts)
    }

    /// Everything that identifies the person or is in their words, as it stands now.
    static func wordsAbout(_ person: Person, in db: Database) throws -> [String] {
        let stored = try ErasureRows.wordsSQL(personId: person.id).flatMap { statement in
            try String.fetchAll(db, sql: statement.sql, arguments: StatementArguments(statement.values))
        }
        return ErasureRows.words(about: person, stored: stored)
    }

    /// The messages to and about the person, and the statements that erase the mail from them
    /// or on their cases (whose alerts' messages are among `alerts`).
    static func messagesAndMail(personId id: Int64, in db: Database) throws
        -> (toThem: [Int64], alerts: [Int64], mail: [ErasureRows.Statement])
    {
        func ids(_ statement: ErasureRows.Statement) throws -> [Int64] {
            try Int64.fetchAll(db, sql: statement.sql, arguments: StatementArguments(statement.values))
        }
        var alerts = try ids(ErasureRows.alertMessagesSQL(personId: id))
        var mail: [ErasureRows.Statement] = []
        for mailId in try ids(ErasureRows.inboundMailSQL(personId: id)) {
            alerts += try ids(ErasureRows.mailAlertMessagesSQL(mailId: mailId))
            mail += ErasureRows.eraseMailSQL(mailId: mailId)
        }
        return (try ids(ErasureRows.messagesToThemSQL(personId: id)), alerts, mail)
    }

    static func run(_ statements: [ErasureRows.Statement], in db: Database) throws {
        for statement in statements {
            try db.execute(sql: statement.sql, arguments: StatementArguments(statement.values))
        }
    }

    /// Drops kept responses to idempotent requests (they replay a response for a day) that show any of `words`.
    static func forgetResponses(showing words: [String], in db: Database) throws {
        for word in words {
            try db.execute(
                sql: "DELETE FROM idempotency_record WHERE instr(CAST(body AS TEXT), ?) > 0", arguments: [word])
        }
    }
}

/// What an erasure touched that lives outside the database too.
public struct ErasureReport: Sendable, Equatable {
    /// The outbox messages to and about the person.
    public var messageIds: [Int64]
}
