import AlumniCore
import Foundation

/// Staff accounts, API tokens, desk passwords and calendar feeds through `Store`.
extension Store {
    /// Adds a staff account.
    public func addUser(name: String, email: String, role: StaffRole, actor: Caller) async throws -> StaffUser {
        switch self {
        case .sqlite(let database): try database.addUser(name: name, email: email, role: role, actor: actor)
        case .postgres(let store): try await store.addUser(name: name, email: email, role: role, actor: actor)
        }
    }

    /// Every staff account, by name.
    public func users() async throws -> [StaffUser] {
        switch self {
        case .sqlite(let database): try database.users()
        case .postgres(let store): try await store.users()
        }
    }

    /// Chooses one daily digest of alerts (on) or single alerts as they come (off).
    public func setAlertDigest(name: String, _ on: Bool, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setAlertDigest(name: name, on, actor: actor)
        case .postgres(let store): try await store.setAlertDigest(name: name, on, actor: actor)
        }
    }

    /// Lets an admin land on the coordinator's overview after signing in.
    public func setOverviewLanding(name: String, _ on: Bool, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setOverviewLanding(name: name, on, actor: actor)
        case .postgres(let store): try await store.setOverviewLanding(name: name, on, actor: actor)
        }
    }

    /// Disables an account: its tokens stop working at once. The last active admin stays.
    public func disableUser(name: String, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.disableUser(name: name, actor: actor)
        case .postgres(let store): try await store.disableUser(name: name, actor: actor)
        }
    }

    /// Gives an active account another role. The last active admin keeps the role.
    public func changeRole(name: String, to role: StaffRole, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.changeRole(name: name, to: role, actor: actor)
        case .postgres(let store): try await store.changeRole(name: name, to: role, actor: actor)
        }
    }

    /// Stores the hash of a new token for `user`; returns the token's id.
    public func addToken(user: String, tokenHash: String, expiresAt: Date?, actor: Caller) async throws -> Int64 {
        switch self {
        case .sqlite(let database):
            try database.addToken(user: user, tokenHash: tokenHash, expiresAt: expiresAt, actor: actor)
        case .postgres(let store):
            try await store.addToken(user: user, tokenHash: tokenHash, expiresAt: expiresAt, actor: actor)
        }
    }

    /// Revokes a token: it stops working at once.
    public func revokeToken(id: Int64, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.revokeToken(id: id, actor: actor)
        case .postgres(let store): try await store.revokeToken(id: id, actor: actor)
        }
    }

    /// Every token, newest first, for a caller who may manage staff.
    public func tokens(as caller: Caller) async throws -> [APIToken] {
        switch self {
        case .sqlite(let database): try database.tokens(as: caller)
        case .postgres(let store): try await store.tokens(as: caller)
        }
    }

    /// The active user a token hash belongs to: nil for unknown, revoked or expired tokens and disabled users.
    public func user(forTokenHash hash: String) async throws -> StaffUser? {
        switch self {
        case .sqlite(let database): try database.user(forTokenHash: hash)
        case .postgres(let store): try await store.user(forTokenHash: hash)
        }
    }

    /// Sets `name`'s desk password; every desk session they have ends.
    public func setPassword(name: String, password: String, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setPassword(name: name, password: password, actor: actor)
        case .postgres(let store): try await store.setPassword(name: name, password: password, actor: actor)
        }
    }

    /// The staff members who have a desk password.
    public func namesWithPassword() async throws -> Set<String> {
        switch self {
        case .sqlite(let database): try database.namesWithPassword()
        case .postgres(let store): try await store.namesWithPassword()
        }
    }

    /// Whether `user`'s calendar feed is on, and with the team's cases; never its address.
    public func calendarFeedState(user: String, as caller: Caller) async throws -> CalendarFeedState {
        switch self {
        case .sqlite(let database): try database.calendarFeedState(user: user, as: caller)
        case .postgres(let store): try await store.calendarFeedState(user: user, as: caller)
        }
    }

    /// Turns `user`'s calendar feed on, renews or turns it off; returns the new token, shown once.
    public func changeCalendarFeed(user: String, _ change: CalendarFeedChange, team: Bool = false, actor: Caller)
        async throws -> String?
    {
        switch self {
        case .sqlite(let database): try database.changeCalendarFeed(user: user, change, team: team, actor: actor)
        case .postgres(let store): try await store.changeCalendarFeed(user: user, change, team: team, actor: actor)
        }
    }
}

extension Store {
    /// The open deadlines of the calendar whose secret is `token`, soonest first; nil for an
    /// unknown or revoked token or a disabled account.
    public func calendarDeadlines(token: String) async throws -> [DeadlineEvent]? {
        switch self {
        case .sqlite(let database): try database.calendarDeadlines(token: token)
        case .postgres(let store): try await store.calendarDeadlines(token: token)
        }
    }
}
