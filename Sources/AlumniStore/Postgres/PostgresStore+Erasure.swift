import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Erasing a person on PostgreSQL: the SQL and rules of ``ErasureRows``, then `VACUUM` on the
/// tables it touched, so that the old row versions' space is reclaimed rather than left for
/// autovacuum (docs/operations.md says what PostgreSQL may still hold and what to do about it).
extension PostgresStore {
    /// Removes a person's personal data for good, as SQLite's store does; returns the outbox
    /// messages about them, for a transport that keeps copies to delete. Only for an actor who
    /// may erase people.
    @discardableResult
    public func erasePerson(id: Int64, actor: Caller) async throws -> ErasureReport {
        try await authorize(.erasePeople, actor, personId: id)
        let now = clock.now()
        let report = try await transaction { connection in
            try await erase(personId: id, actor: actor.name, now: now, on: connection)
        }
        try await vacuumErasedRows()
        return report
    }

    /// Reclaims the space of the row versions an erasure (and, with `minimised`, a
    /// minimisation) left behind.
    func vacuumErasedRows(minimised: Bool = false) async throws {
        let tables = ErasureRows.touchedTables + (minimised ? RetentionRows.minimisedTables : [])
        try await execute(PostgresQuery(unsafeSQL: "VACUUM " + Array(Set(tables)).sorted().joined(separator: ", ")))
    }

    /// Erases person `id` inside the caller's transaction, audited; returns the outbox messages
    /// to and about them (none when they were erased before).
    func erase(personId id: Int64, actor: String, now: Date, on connection: PostgresConnection) async throws
        -> ErasureReport
    {
        let person = try await person(id: id, on: connection)
        guard person.erasedAt == nil else { return ErasureReport(messageIds: []) }
        let words = try await words(about: person, on: connection)
        let said = try await messagesAndMail(personId: id, on: connection)
        try await run(
            said.mail + ErasureRows.personSQL(personId: id, now: now) + ErasureRows.inquiryWordsSQL(personId: id)
                + ErasureRows.messagesSQL(toThem: said.toThem, alerts: said.alerts), on: connection)
        try await forgetResponses(showing: words, on: connection)
        try await audit("person.erased", personId: id, actor: actor, at: now, on: connection)
        return ErasureReport(messageIds: said.toThem + said.alerts)
    }

    /// Everything the person's words can be found by: names, addresses, what they wrote.
    func words(about person: Person, on connection: PostgresConnection) async throws -> [String] {
        var stored: [String] = []
        for statement in ErasureRows.wordsSQL(personId: person.id) {
            stored += try await rows(statement.sql, statement.values, on: connection).map { $0["word"] }
        }
        return ErasureRows.words(about: person, stored: stored)
    }

    /// The messages to and about the person, and the statements that erase the mail from them
    /// or on their cases (whose alerts' messages are among `alerts`).
    func messagesAndMail(personId id: Int64, on connection: PostgresConnection) async throws
        -> (toThem: [Int64], alerts: [Int64], mail: [ErasureRows.Statement])
    {
        func ids(_ statement: ErasureRows.Statement) async throws -> [Int64] {
            try await rows(statement.sql, statement.values, on: connection).map { $0["id"] }
        }
        var alerts = try await ids(ErasureRows.alertMessagesSQL(personId: id))
        var mail: [ErasureRows.Statement] = []
        for mailId in try await ids(ErasureRows.inboundMailSQL(personId: id)) {
            alerts += try await ids(ErasureRows.mailAlertMessagesSQL(mailId: mailId))
            mail += ErasureRows.eraseMailSQL(mailId: mailId)
        }
        return (try await ids(ErasureRows.messagesToThemSQL(personId: id)), alerts, mail)
    }

    func run(_ statements: [ErasureRows.Statement], on connection: PostgresConnection) async throws {
        for statement in statements { _ = try await rows(statement.sql, statement.values, on: connection) }
    }

    /// Drops kept responses to idempotent requests (they replay for a day) that show any of `words`.
    func forgetResponses(showing words: [String], on connection: PostgresConnection) async throws {
        for word in words {
            _ = try await rows(
                "DELETE FROM idempotency_record WHERE position(convert_to(?, 'UTF8') IN body) > 0", [word],
                on: connection)
        }
    }
}
