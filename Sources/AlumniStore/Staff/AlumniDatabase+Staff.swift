import AlumniCore
import Foundation
import GRDB

extension StaffRole: DatabaseValueConvertible {}

/// A staff account.
public struct StaffUser: Identifiable, Equatable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var email: String
    public var role: StaffRole
    public var disabledAt: Date?
    /// One daily digest instead of single alerts.
    public var alertDigest: Bool
    public var createdAt: Date
    /// An admin's choice to land on the overview after signing in, as coordinators do.
    public var landsOnOverview: Bool

    /// The columns ``init(columns:)`` reads, in its order.
    enum Column: Int32, OrderedColumns {
        case id, name, email, role, disabledAt, alertDigest, createdAt, landsOnOverview

        static let table: String? = "staff_user"
    }

    /// ``Column``'s select list.
    static let columns = Column.selectList()

    /// A staff member from a row that selects ``columns``.
    init(columns row: DirectColumns) throws {
        try id = row.required(Column.id)
        try name = row.required(Column.name)
        try email = row.required(Column.email)
        try role = row.required(Column.role)
        disabledAt = row[Column.disabledAt]
        try alertDigest = row.required(Column.alertDigest)
        try createdAt = row.required(Column.createdAt)
        try landsOnOverview = row.required(Column.landsOnOverview)
    }

    /// Where the desk opens after signing in: the overview for coordinators and the admins who
    /// chose it, else the queue.
    public var landing: String { role == .coordinator || landsOnOverview ? "/home" : "/" }
}

extension StaffUser {
    /// The staff member as the actor of a store call, reaching it through `via`.
    public func actor(via: String? = nil) -> Caller {
        Caller(name: name, standing: .staff(role), via: via)
    }
}

/// An API token as listed: never the token itself.
public struct APIToken: Identifiable, Equatable, Sendable, Codable, FetchableRecord {
    public var id: Int64
    public var user: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(row: Row) throws {
        id = row["id"]
        user = row["name"]
        createdAt = row["created_at"]
        expiresAt = row["expires_at"]
        revokedAt = row["revoked_at"]
    }
}

extension AlumniDatabase {
    /// Adds a staff account.
    public func addUser(name: String, email: String, role: StaffRole, actor: Caller) throws -> StaffUser {
        try authorize(.manageStaff, actor)
        let actor = actor.name
        let name = try StaffRows.checkedNew(name: name, email: email)
        return try write { db in
            let now = clock.now()
            do {
                try db.execute(sql: StaffRows.insertSQL, arguments: [name, email, role, now.stored])
            } catch let error as DatabaseError where error.isUniqueViolation {
                throw StaffRows.taken(name)
            }
            let user = try db.makeStatement(sql: StaffRows.byIdSQL)
                .fetchFirst(binding: { $0.add(db.lastInsertedRowID) }, StaffUser.init(columns:))!
            try AuditLog.record(
                "user.added", personId: nil, actor: actor, at: now, detail: "\(name) as \(role.rawValue)", in: db)
            return user
        }
    }

    /// The active staff account `name` as an actor, with its role (`alumni … --as NAME`).
    public func staffActor(named name: String, via: String? = nil) throws -> Caller {
        guard let user = try users().first(where: { $0.name == name }) else {
            throw StoreError.notFound("staff user '\(name)'")
        }
        guard user.disabledAt == nil else {
            throw ValidationFailure([FieldError(field: "as", reason: "the account '\(name)' is disabled")])
        }
        return user.actor(via: via)
    }

    /// Every staff account, by name.
    public func users() throws -> [StaffUser] {
        try writer.read { db in try users(in: db) }
    }

    func users(in db: Database) throws -> [StaffUser] {
        try db.cachedStatement(sql: StaffRows.allSQL)
            .fetchAll(arguments: [], StaffUser.init(columns:))
    }

    /// Chooses one daily digest of alerts (on) or single alerts as they come (off).
    public func setAlertDigest(name: String, _ on: Bool, actor: Caller) throws {
        try authorizeOwnOrStaff(name, actor)
        let actor = actor.name
        try write { db in
            try db.execute(sql: StaffRows.setDigestSQL, arguments: [on, name])
            guard db.changesCount > 0 else { throw StoreError.notFound("user '\(name)'") }
            try AuditLog.record(
                "user.digest", personId: nil, actor: actor, at: clock.now(), detail: "\(name): \(on ? "on" : "off")",
                in: db)
        }
    }

    /// Lets an admin land on the coordinator's overview after signing in (coordinators always do).
    public func setOverviewLanding(name: String, _ on: Bool, actor: Caller) throws {
        try authorizeOwnOrStaff(name, actor)
        try write { db in
            try StaffRows.checkLanding(
                role: try StaffRole.fetchOne(db, sql: StaffRows.roleSQL, arguments: [name]), name: name, overview: on)
            try db.execute(sql: StaffRows.setLandingSQL, arguments: [on, name])
            try AuditLog.record(
                "user.landing", personId: nil, actor: actor.name, at: clock.now(),
                detail: "\(name): \(on ? "overview" : "queue")", in: db)
        }
    }

    /// Disables an account: its tokens stop working at once. The last active admin stays:
    /// someone must be able to manage the staff.
    public func disableUser(name: String, actor: Caller) throws {
        try authorize(.manageStaff, actor)
        let actor = actor.name
        try write { db in
            let role = try activeRole(of: name, in: db)
            try keepAnAdmin(losing: name, role, field: "name", in: db)
            let now = clock.now()
            try db.execute(sql: StaffRows.disableSQL, arguments: [now.stored, name])
            try AuditLog.record("user.disabled", personId: nil, actor: actor, at: now, detail: name, in: db)
        }
    }

    /// Gives an active account another role, in force from its next request. The last active
    /// admin keeps the role.
    public func changeRole(name: String, to role: StaffRole, actor: Caller) throws {
        try authorize(.manageStaff, actor)
        let actor = actor.name
        try write { db in
            let current = try activeRole(of: name, in: db)
            guard current != role else { return }
            try keepAnAdmin(losing: name, current, field: "role", in: db)
            try db.execute(sql: StaffRows.setRoleSQL, arguments: [role.rawValue, name])
            try AuditLog.record(
                "user.role", personId: nil, actor: actor, at: clock.now(),
                detail: "\(name): \(current.rawValue) to \(role.rawValue)", in: db)
        }
    }

    private func activeRole(of name: String, in db: Database) throws -> StaffRole {
        try StaffRows.activeRole(try String.fetchOne(db, sql: StaffRows.activeRoleSQL, arguments: [name]), of: name)
    }

    /// Refuses to take the last active admin away (`name`, whose role is `role`).
    private func keepAnAdmin(losing name: String, _ role: StaffRole, field: String, in db: Database) throws {
        try StaffRows.checkKeepsAnAdmin(
            losing: name, role, admins: try Int.fetchOne(db, sql: StaffRows.activeAdminsSQL) ?? 0, field: field)
    }

    /// Stores the hash of a new token for `user`; returns the token's id.
    public func addToken(user: String, tokenHash: String, expiresAt: Date?, actor: Caller) throws -> Int64 {
        try authorize(.manageStaff, actor)
        let actor = actor.name
        return try write { db in
            guard let userId = try Int64.fetchOne(db, sql: StaffRows.activeIdSQL, arguments: [user]) else {
                throw StoreError.notFound("active user '\(user)'")
            }
            let now = clock.now()
            try StaffRows.checkExpiry(expiresAt, now: now)
            try db.execute(sql: StaffRows.addTokenSQL, arguments: [userId, tokenHash, now.stored, expiresAt?.stored])
            let id = db.lastInsertedRowID
            try AuditLog.record(
                "token.created", personId: nil, actor: actor, at: now, detail: "token #\(id) for \(user)", in: db)
            return id
        }
    }

    /// Revokes a token: it stops working at once.
    public func revokeToken(id: Int64, actor: Caller) throws {
        try authorize(.manageStaff, actor)
        let actor = actor.name
        try write { db in
            let now = clock.now()
            try db.execute(sql: StaffRows.revokeTokenSQL, arguments: [now.stored, id])
            guard db.changesCount > 0 else { throw StoreError.notFound("active token #\(id)") }
            try AuditLog.record("token.revoked", personId: nil, actor: actor, at: now, detail: "token #\(id)", in: db)
        }
    }

    /// Every token, newest first, for a caller who may manage staff.
    public func tokens(as caller: Caller) throws -> [APIToken] {
        try authorize(.manageStaff, caller)
        return try writer.read { db in
            try APIToken.fetchAll(db, sql: StaffRows.tokensSQL)
        }
    }

    /// The active user a token hash belongs to: nil for unknown, revoked or expired tokens and disabled users.
    public func user(forTokenHash hash: String) throws -> StaffUser? {
        let now = clock.now()
        // One statement, so no transaction around it: this runs on every API request.
        return try readStatement { db in
            try db.cachedStatement(sql: StaffRows.userForTokenSQL).fetchFirst(
                binding: { values in
                    values.add(hash)
                    values.add(now.stored)
                }, StaffUser.init(columns:))
        }
    }

    /// Writes an audit entry on its own, for things that change nothing (a refused request).
    func recordAudit(_ action: String, personId: Int64?, actor: String, detail: String?) throws {
        try write { db in
            try AuditLog.record(action, personId: personId, actor: actor, at: clock.now(), detail: detail, in: db)
        }
    }

    /// Audits a refused access as `access.denied`, at most once per `interval` per staff member:
    /// someone probing ids gets the same answer every time but writes one row, not thousands.
    func recordAccessDenied(personId: Int64?, actor: String, detail: String, interval: TimeInterval = 60) throws {
        let now = clock.now()
        try write { db in
            let recent =
                try Bool.fetchOne(
                    db,
                    sql: "SELECT 1 FROM audit_event WHERE actor = ? AND action = 'access.denied' AND at > ? LIMIT 1",
                    arguments: [actor, now.addingTimeInterval(-interval).stored]) ?? false
            guard !recent else { return }
            try AuditLog.record("access.denied", personId: personId, actor: actor, at: now, detail: detail, in: db)
        }
    }
}
