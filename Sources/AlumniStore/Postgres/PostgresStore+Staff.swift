import AlumniCore
import Foundation
import GRDB
import HummingbirdBcrypt
import PostgresNIO

/// Staff accounts, API tokens, desk passwords and calendar feeds on PostgreSQL: the SQL and
/// rules of `StaffRows`, each change audited in its transaction.
extension PostgresStore {
    public func addUser(name: String, email: String, role: StaffRole, actor: Caller) async throws -> StaffUser {
        try await authorize(.manageStaff, actor)
        let name = try StaffRows.checkedNew(name: name, email: email)
        let now = clock.now()
        return try await transaction { connection in
            guard
                let added = try await rows(
                    StaffRows.insertSQL + " ON CONFLICT (name) DO NOTHING RETURNING id",
                    [name, email, role, now.stored],
                    on: connection
                ).first
            else { throw StaffRows.taken(name) }
            let user = try await staffUser(StaffRows.byIdSQL, added["id"] as Int64, on: connection)!
            try await audit(
                "user.added", personId: nil, actor: actor.name, at: now, detail: "\(name) as \(role.rawValue)",
                on: connection)
            return user
        }
    }

    public func users() async throws -> [StaffUser] {
        try await rows(StaffRows.allSQL).map(StaffUser.init(row:))
    }

    public func setAlertDigest(name: String, _ on: Bool, actor: Caller) async throws {
        try await authorizeOwnOrStaff(name, actor)
        try await auditedChange("user.digest", detail: "\(name): \(on ? "on" : "off")", actor: actor) { connection in
            guard try await !changed(StaffRows.setDigestSQL, [on, name], on: connection).isEmpty else {
                throw StoreError.notFound("user '\(name)'")
            }
        }
    }

    public func setOverviewLanding(name: String, _ on: Bool, actor: Caller) async throws {
        try await authorizeOwnOrStaff(name, actor)
        try await auditedChange("user.landing", detail: "\(name): \(on ? "overview" : "queue")", actor: actor) {
            connection in
            let role = try await rows(StaffRows.roleSQL, [name], on: connection).first.map { $0["role"] as StaffRole }
            try StaffRows.checkLanding(role: role, name: name, overview: on)
            _ = try await rows(StaffRows.setLandingSQL, [on, name], on: connection)
        }
    }

    public func disableUser(name: String, actor: Caller) async throws {
        try await authorize(.manageStaff, actor)
        let now = clock.now()
        try await auditedChange("user.disabled", detail: name, actor: actor) { connection in
            try await keepAnAdmin(
                losing: name, try await activeRole(of: name, on: connection), field: "name", on: connection)
            _ = try await rows(StaffRows.disableSQL, [now.stored, name], on: connection)
        }
    }

    public func changeRole(name: String, to role: StaffRole, actor: Caller) async throws {
        try await authorize(.manageStaff, actor)
        try await transaction { connection in
            let current = try await activeRole(of: name, on: connection)
            guard current != role else { return }
            try await keepAnAdmin(losing: name, current, field: "role", on: connection)
            _ = try await rows(StaffRows.setRoleSQL, [role.rawValue, name], on: connection)
            try await audit(
                "user.role", personId: nil, actor: actor.name, at: clock.now(),
                detail: "\(name): \(current.rawValue) to \(role.rawValue)", on: connection)
        }
    }

    /// The role of active account `name`, its row locked until the transaction ends.
    private func activeRole(of name: String, on connection: PostgresConnection) async throws -> StaffRole {
        try StaffRows.activeRole(
            try await rows(StaffRows.activeRoleSQL + " FOR UPDATE", [name], on: connection).first?["role"], of: name)
    }

    /// Refuses to take the last active admin away; the admins' rows are locked, so two
    /// instances cannot each disable one of the last two.
    private func keepAnAdmin(losing name: String, _ role: StaffRole, field: String, on connection: PostgresConnection)
        async throws
    {
        guard role == .admin else { return }
        let admins = try await rows(
            "SELECT id FROM staff_user WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE", on: connection
        ).count
        try StaffRows.checkKeepsAnAdmin(losing: name, role, admins: admins, field: field)
    }

    public func addToken(user: String, tokenHash: String, expiresAt: Date?, actor: Caller) async throws -> Int64 {
        try await authorize(.manageStaff, actor)
        let now = clock.now()
        return try await transaction { connection in
            guard let userId = try await rows(StaffRows.activeIdSQL, [user], on: connection).first?["id"] as Int64?
            else { throw StoreError.notFound("active user '\(user)'") }
            try StaffRows.checkExpiry(expiresAt, now: now)
            let id = try await insertedId(
                StaffRows.addTokenSQL,
                [
                    userId.databaseValue, tokenHash.databaseValue, now.stored.databaseValue,
                    expiresAt?.stored.databaseValue ?? .null,
                ],
                on: connection)
            try await audit(
                "token.created", personId: nil, actor: actor.name, at: now, detail: "token #\(id) for \(user)",
                on: connection)
            return id
        }
    }

    public func revokeToken(id: Int64, actor: Caller) async throws {
        try await authorize(.manageStaff, actor)
        let now = clock.now()
        try await auditedChange("token.revoked", detail: "token #\(id)", actor: actor) { connection in
            guard try await !changed(StaffRows.revokeTokenSQL, [now.stored, id], on: connection).isEmpty else {
                throw StoreError.notFound("active token #\(id)")
            }
        }
    }

    public func tokens(as caller: Caller) async throws -> [APIToken] {
        try await authorize(.manageStaff, caller)
        return try await rows(StaffRows.tokensSQL).map(APIToken.init(row:))
    }

    public func user(forTokenHash hash: String) async throws -> StaffUser? {
        for try await row in try await client.execute(UserForToken(hash: hash, now: clock.now()), logger: logger) {
            return StaffUser(row: row)
        }
        return nil
    }

    /// Sets `name`'s desk password; every desk session they have ends.
    public func setPassword(name: String, password: String, actor: Caller) async throws {
        try await authorizeOwnOrStaff(name, actor)
        let errors = StaffPasswords.check(password)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        // About 150 ms of hashing, outside the transaction.
        let hash = Bcrypt.hash(password, cost: StaffPasswords.cost)
        let now = clock.now()
        try await auditedChange("user.password", detail: name, actor: actor) { connection in
            guard let userId = try await rows(StaffRows.activeIdSQL, [name], on: connection).first?["id"] as Int64?
            else { throw StoreError.notFound("active user '\(name)'") }
            _ = try await rows(StaffRows.setPasswordSQL, [hash, now.stored, userId], on: connection)
            _ = try await rows(StaffRows.endSessionsSQL, [userId], on: connection)
        }
    }

    public func namesWithPassword() async throws -> Set<String> {
        Set(try await rows(StaffRows.namesWithPasswordSQL).map { $0["name"] as String })
    }

    /// Turns `user`'s calendar feed on, renews or turns it off; returns the new token (shown once).
    public func changeCalendarFeed(user: String, _ change: CalendarFeedChange, team: Bool, actor: Caller)
        async throws -> String?
    {
        try await authorizeOwnOrStaff(user, actor)
        return try await transaction { connection in
            guard let account = try await staffUser(StaffRows.byNameSQL + " FOR UPDATE", user, on: connection) else {
                throw StoreError.notFound("staff account '\(user)'")
            }
            let state = try await rows(StaffRows.calendarStateSQL, [account.id], on: connection).first
            try StaffRows.checkCalendarChange(
                change, team: team, account: account, isOn: state?["calendar_token_hash"] as String? != nil)
            let token = change == .off ? nil : APITokens.random()
            _ = try await rows(
                StaffRows.setCalendarSQL, [token.map(APITokens.hash), change != .off && team, account.id],
                on: connection)
            try await audit(
                "calendar.\(change.rawValue)", personId: nil, actor: actor.name, at: clock.now(), detail: user,
                on: connection)
            return token
        }
    }

    /// Whether `user`'s calendar feed is on, and with the team's cases; never its address.
    public func calendarFeedState(user: String, as caller: Caller) async throws -> CalendarFeedState {
        try await authorizeOwnOrStaff(user, caller)
        guard let account = try await staffUser(StaffRows.byNameSQL, user, on: nil) else {
            throw StoreError.notFound("staff account '\(user)'")
        }
        return StaffRows.calendarState(try await rows(StaffRows.calendarStateSQL, [account.id]).first)
    }

    /// Lets `actor` go on with staff account `name` if it is their own or they may manage staff.
    private func authorizeOwnOrStaff(_ name: String, _ actor: Caller) async throws {
        if actor.role != nil, actor.name == name { return }
        try await authorize(.manageStaff, actor)
    }

    private func staffUser(_ sql: String, _ key: some DatabaseValueConvertible, on connection: PostgresConnection?)
        async throws -> StaffUser?
    {
        try await rows(sql, [key], on: connection).first.map(StaffUser.init(row:))
    }

    /// The rows an `UPDATE` changed (their ids).
    private func changed(_ sql: String, _ values: [(any DatabaseValueConvertible)?], on connection: PostgresConnection)
        async throws -> [Row]
    {
        try await rows(sql + " RETURNING id", values, on: connection)
    }
}

/// The user of an API token, asked on every API request: prepared, planned once per connection.
private struct UserForToken: PostgresPreparedStatement {
    static let sql = PostgresStore.numberedPlaceholders(StaffRows.userForTokenSQL).0
    static let bindingDataTypes: [PostgresDataType] = [.text, .timestamptz]
    let hash: String
    let now: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(hash)
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try PostgresStore.row(row) }
}

extension PostgresStore {
    /// The open deadlines of the calendar whose secret is `token`, as SQLite's store reads
    /// them (``CalendarFeedRows``); nil for an unknown or revoked token or a disabled account.
    public func calendarDeadlines(token: String) async throws -> [DeadlineEvent]? {
        try await snapshot { connection in
            guard let owner = try await rows(CalendarFeedRows.ownerSQL, [APITokens.hash(token)], on: connection).first
            else { return nil }
            let (sql, values) = CalendarFeedRows.deadlinesSQL(owner: owner)
            return CalendarFeedRows.events(from: try await rows(sql, values, on: connection))
        }
    }
}
