import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Places (with a reason) or lifts a legal hold: while it stands, retention neither
    /// minimises nor erases the person.
    public func setLegalHold(personId: Int64, on: Bool, reason: String?, actor: Caller) throws {
        try authorize(.writeRestricted, actor, personId: personId)
        let actor = actor.name
        let reason = reason?.trimmedForStorage
        if on, reason == nil {
            throw ValidationFailure([FieldError(field: "reason", reason: "is required to place a legal hold")])
        }
        try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            guard person.erasedAt == nil else {
                throw ValidationFailure([FieldError(field: "person", reason: "person #\(personId) was erased")])
            }
            let now = clock.now()
            try db.execute(
                sql: "UPDATE person SET legal_hold_reason = ?, legal_hold_at = ? WHERE id = ?",
                arguments: [on ? reason : nil, on ? now.stored : nil, personId])
            try AuditLog.record(
                on ? "person.hold-placed" : "person.hold-lifted", personId: personId, actor: actor, at: now,
                detail: on ? reason : nil, in: db)
        }
    }

    /// The reason of person `personId`'s legal hold, nil when none stands.
    public func legalHold(personId: Int64) throws -> String? {
        try writer.read { db in try legalHold(personId: personId, in: db) }
    }

    func legalHold(personId: Int64, in db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT legal_hold_reason FROM person WHERE id = ?"), arguments: [personId])
    }
}
