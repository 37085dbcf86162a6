import AlumniCore
import Foundation
import GRDB
import HummingbirdBcrypt

/// Desk passwords: bcrypt hashes, never the password.
public enum StaffPasswords {
    /// The bcrypt cost: 2¹¹ rounds, about 150 ms a hash on the machines this runs on, so a
    /// stolen database is slow to guess and a sign-in still feels instant.
    public static let cost: UInt8 = 11
    /// The shortest password accepted.
    public static let minimumLength = 12

    /// A hash of nothing anyone knows, checked when the account does not exist, so a refusal
    /// takes as long for an unknown name as for a wrong password.
    static let decoy = Bcrypt.hash(APITokens.random(), cost: cost)

    /// The reasons `password` cannot be used, as field errors.
    static func check(_ password: String) -> [FieldError] {
        guard password.count >= minimumLength else {
            return [FieldError(field: "password", reason: "must be at least \(minimumLength) characters long")]
        }
        guard password.trimmingCharacters(in: .whitespacesAndNewlines) == password else {
            return [FieldError(field: "password", reason: "must not start or end with a space")]
        }
        return []
    }
}

extension AlumniDatabase {
    /// Sets `name`'s desk password; every desk session they have ends.
    public func setPassword(name: String, password: String, actor: Caller) throws {
        try authorizeOwnOrStaff(name, actor)
        let actor = actor.name
        let errors = StaffPasswords.check(password)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        // Hashing takes ~150 ms: outside the write lock.
        let hash = Bcrypt.hash(password, cost: StaffPasswords.cost)
        try write { db in
            let now = clock.now()
            guard let userId = try Int64.fetchOne(db, sql: StaffRows.activeIdSQL, arguments: [name]) else {
                throw StoreError.notFound("active user '\(name)'")
            }
            try db.execute(sql: StaffRows.setPasswordSQL, arguments: [hash, now.stored, userId])
            try db.execute(sql: StaffRows.endSessionsSQL, arguments: [userId])
            try AuditLog.record("user.password", personId: nil, actor: actor, at: now, detail: name, in: db)
        }
    }

    /// The staff members who have a desk password, in one query.
    public func namesWithPassword() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: StaffRows.namesWithPasswordSQL))
        }
    }
}
