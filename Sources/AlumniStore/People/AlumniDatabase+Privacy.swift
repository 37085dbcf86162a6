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
}

extension AlumniDatabase {
    /// Collects everything held about a person. Reads pension data, so it is audited.
    public func dataExport(personId: Int64, actor: String) throws -> PersonDataExport {
        try write { db in
            try AuditLog.record("person.data-exported", personId: personId, actor: actor, at: clock.now(), in: db)
            return PersonDataExport(
                person: try PersonRows.fetch(id: personId, in: db),
                employmentPeriods: try employmentPeriods(personId: personId, in: db),
                pensionArrangements: try pensionArrangements(personId: personId, reader: actor, in: db),
                preferences: try preferences(personId: personId, in: db),
                auditTrail: try AuditEvent.fetchAll(
                    db, sql: "SELECT * FROM audit_event WHERE person_id = ? ORDER BY id", arguments: [personId]))
        }
    }

    /// Removes a person's personal data for good: names, contact details, reference, notes, tags,
    /// employment and pension data and the consent history. What stays is anonymous: kind,
    /// country, language, dates and sentiment, for statistics. Nobody can find them by name or
    /// email any more, and nothing will be sent to them.
    public func erasePerson(id: Int64, actor: String) throws {
        try write { db in
            let person = try PersonRows.fetch(id: id, in: db)
            guard person.erasedAt == nil else { return }
            let now = clock.now()
            try db.execute(
                sql: """
                    UPDATE person SET given_name = NULL, family_name = NULL, email = NULL, phone = NULL, address = NULL,
                        external_ref = NULL, departure_reason = NULL, contact_note = NULL, preferred_channel = NULL,
                        search_text = '', do_not_contact = 1, erased_at = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: [now.stored, now.stored, id])
            for table in ["person_tag", "employment_period", "pension_arrangement", "consent", "preference_change"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [id])
            }
            // Pending farewells go; done check-ins stay for the statistics, without their notes.
            try db.execute(
                sql: "DELETE FROM farewell_plan WHERE person_id = ? AND status = 'scheduled'", arguments: [id])
            try db.execute(sql: "DELETE FROM followup WHERE person_id = ? AND done_at IS NULL", arguments: [id])
            try db.execute(sql: "UPDATE followup SET note = NULL WHERE person_id = ?", arguments: [id])
            try AuditLog.record("person.erased", personId: id, actor: actor, at: now, in: db)
        }
    }
}
