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
            let person = try await person(id: id, on: connection)
            guard person.erasedAt == nil else { return ErasureReport(messageIds: []) }
            func ids(_ statement: ErasureRows.Statement) async throws -> [Int64] {
                try await rows(statement.sql, statement.values, on: connection).map { $0["id"] }
            }
            var stored: [String] = []
            for statement in ErasureRows.wordsSQL(personId: id) {
                stored += try await rows(statement.sql, statement.values, on: connection).map { $0["word"] }
            }
            let words = ErasureRows.words(about: person, stored: stored)
            let toThem = try await ids(ErasureRows.messagesToThemSQL(personId: id))
            var alerts = try await ids(ErasureRows.alertMessagesSQL(personId: id))
            var statements: [ErasureRows.Statement] = []
            for mail in try await ids(ErasureRows.inboundMailSQL(personId: id)) {
                alerts += try await ids(ErasureRows.mailAlertMessagesSQL(mailId: mail))
                statements += ErasureRows.eraseMailSQL(mailId: mail)
            }
            statements +=
                ErasureRows.personSQL(personId: id, now: now) + ErasureRows.inquiryWordsSQL(personId: id)
                + ErasureRows.messagesSQL(toThem: toThem, alerts: alerts)
            for statement in statements {
                _ = try await rows(statement.sql, statement.values, on: connection)
            }
            // Kept responses to idempotent requests (they replay for a day) that show any of their words.
            for word in words {
                _ = try await rows(
                    "DELETE FROM idempotency_record WHERE position(convert_to(?, 'UTF8') IN body) > 0", [word],
                    on: connection)
            }
            try await audit("person.erased", personId: id, actor: actor.name, at: now, on: connection)
            return ErasureReport(messageIds: toThem + alerts)
        }
        try await execute(PostgresQuery(unsafeSQL: "VACUUM " + ErasureRows.touchedTables.joined(separator: ", ")))
        return report
    }
}
