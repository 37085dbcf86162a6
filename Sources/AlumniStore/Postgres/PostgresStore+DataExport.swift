import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// A person's data export on PostgreSQL: the same reads as SQLite's, in one transaction with
/// the audit entries of the export and of the pension read.
extension PostgresStore {
    /// Collects everything held about a person, for an actor who may read restricted data.
    public func dataExport(personId: Int64, as actor: Caller) async throws -> PersonDataExport {
        try await authorize(.readRestricted, actor, personId: personId)
        return try await dataExport(personId: personId, actor: actor.name)
    }

    /// Collects everything held about a person for `actor`, whom the caller has checked.
    func dataExport(personId: Int64, actor: String) async throws -> PersonDataExport {
        let now = clock.now()
        return try await transaction { connection in
            try await audit(PersonDataExport.auditAction, personId: personId, actor: actor, at: now, on: connection)
            try await audit("pension.read", personId: personId, actor: actor, at: now, on: connection)
            let person = try await person(id: personId, on: connection)
            return PersonDataExport(
                person: person,
                employmentPeriods: try await rows(EmploymentPeriod.ofPersonSQL, [personId], on: connection)
                    .map(EmploymentPeriod.init(row:)),
                pensionArrangements: try await rows(PensionArrangement.ofPersonSQL, [personId], on: connection)
                    .map(PensionArrangement.init(row:)),
                preferences: try await preferences(of: person, on: connection),
                auditTrail: try await rows(PersonDataExport.auditTrailSQL, [personId], on: connection)
                    .map(AuditEvent.init(row:)),
                mail: try await inboundMail(InboundMailRows.ofPersonSQL, [personId], on: connection),
                attachments: try await rows(AlumniDatabase.attachedFilesSQL, [personId], on: connection)
                    .map(AlumniDatabase.attachedFile))
        }
    }
}
