import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Places (with a reason) or lifts a legal hold: while it stands, retention neither
    /// minimises nor erases the person.
    public func setLegalHold(personId: Int64, on: Bool, reason: String?, actor: Caller) throws {
        try authorize(.writeRestricted, actor, personId: personId)
        let actor = actor.name
        let reason = try LegalHold.checkedReason(reason, on: on)
        try write { db in
            try LegalHold.checkNotErased(try PersonRows.fetch(id: personId, in: db))
            let now = clock.now()
            try db.execute(sql: LegalHold.setSQL, arguments: [on ? reason : nil, on ? now.stored : nil, personId])
            try AuditLog.record(
                LegalHold.action(on: on), personId: personId, actor: actor, at: now,
                detail: on ? reason : nil, in: db)
        }
    }

    /// The reason of person `personId`'s legal hold, nil when none stands.
    public func legalHold(personId: Int64) throws -> String? {
        try writer.read { db in try legalHold(personId: personId, in: db) }
    }

    func legalHold(personId: Int64, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: LegalHold.reasonSQL), arguments: [personId])
    }
}

/// The SQL and rules of legal holds, shared by both stores.
enum LegalHold {
    /// The hold's reason and when it was placed (both nil to lift it), of the person bound last.
    static let setSQL = "UPDATE person SET legal_hold_reason = ?, legal_hold_at = ? WHERE id = ?"

    /// The reason of the hold on the person bound, NULL when none stands.
    static let reasonSQL = "SELECT legal_hold_reason FROM person WHERE id = ?"

    /// The reason a hold needs (none to lift one).
    static func checkedReason(_ reason: String?, on: Bool) throws -> String? {
        let reason = reason?.trimmedForStorage
        if on, reason == nil {
            throw ValidationFailure([FieldError(field: "reason", reason: "is required to place a legal hold")])
        }
        return reason
    }

    /// Refuses a hold on someone erased.
    static func checkNotErased(_ person: Person) throws {
        guard person.erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "person", reason: "person #\(person.id) was erased")])
        }
    }

    /// The action the audit log names it by.
    static func action(on: Bool) -> String { on ? "person.hold-placed" : "person.hold-lifted" }
}
