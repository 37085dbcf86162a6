import AlumniCore
import Foundation
import GRDB

/// A signed-in desk session.
public struct DeskSession: Sendable, Equatable {
    public var user: StaffUser
    /// The token every form that changes something must carry.
    public var csrfToken: String
    public var createdAt: Date
}

/// A new session: the value for the cookie (shown once, stored only hashed) and the session.
public struct NewDeskSession: Sendable {
    public var cookieValue: String
    public var session: DeskSession
}

/// A sign-in that did not succeed. The same for a wrong password, an unknown or disabled
/// account, one without a password and a throttled attempt: nothing tells a guesser which.
public struct SignInRefused: Error, Equatable {}

extension AlumniDatabase {
    /// Checks `name` and `password`, throttled per account and per client `address`; on success
    /// starts a session. Every attempt is audited, the password never.
    public func signIn(
        name: String, password: String, address: String?, policy: DeskSessionPolicy
    ) throws -> NewDeskSession {
        let now = clock.now()
        let keys = DeskSessionRows.throttleKeys(name: name, address: address)
        let (account, throttled) = try writer.read { db in
            let account = try db.makeStatement(sql: DeskSessionRows.accountSQL).fetchFirst(binding: { $0.add(name) }) {
                row in
                (user: try StaffUser(columns: row), hash: row[Int32(StaffUser.Column.allCases.count)] as String?)
            }
            let throttled = try keys.contains { key in
                guard let row = try Row.fetchOne(db, sql: DeskSessionRows.failureSQL, arguments: [key]) else {
                    return false
                }
                return DeskSessionRows.waits(
                    failures: row["failures"], lastFailed: Date(timeIntervalSince1970: row["last_failed_at"]),
                    now: now, policy: policy)
            }
            return (account, throttled)
        }
        guard DeskSessionRows.passwordMatches(password, hash: account?.hash), !throttled, let user = account?.user
        else {
            try write { db in
                if !throttled {
                    for key in keys {
                        try db.execute(sql: DeskSessionRows.recordFailureSQL, arguments: [key, now.stored])
                    }
                }
                try AuditLog.record(
                    "desk.sign-in-refused", personId: nil, actor: name, at: now,
                    detail: DeskSessionRows.refusalDetail(throttled: throttled, address: address), in: db)
            }
            throw SignInRefused()
        }
        let (new, idHash) = DeskSessionRows.start(user, now: now)
        try write { db in
            try db.execute(sql: DeskSessionRows.clearFailuresSQL, arguments: [keys[0]])
            try db.execute(
                sql: DeskSessionRows.insertSQL,
                arguments: StatementArguments(DeskSessionRows.insertValues(new, idHash: idHash)))
            try AuditLog.record(
                "desk.signed-in", personId: nil, actor: user.name, at: now,
                detail: address.map { "from \($0)" }, in: db)
        }
        return new
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long, signed
    /// out, or its user disabled or given a new password since it began.
    public func deskSession(cookieValue: String, policy: DeskSessionPolicy) throws -> DeskSession? {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        let extra = Int32(StaffUser.Column.allCases.count)
        let found = try readStatement { db in
            try db.cachedStatement(sql: DeskSessionRows.sessionSQL).fetchFirst(binding: { $0.add(idHash) }) { row in
                (
                    session: DeskSession(
                        user: try StaffUser(columns: row), csrfToken: try row.required(extra),
                        createdAt: Date(timeIntervalSince1970: try row.required(extra + 1))),
                    lastSeen: Date(timeIntervalSince1970: try row.required(extra + 2)),
                    passwordChanged: (row[extra + 3] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
        guard let (session, lastSeen, passwordChanged) = found else { return nil }
        guard
            let (live, touch) = DeskSessionRows.standing(
                session, lastSeen: lastSeen, passwordChanged: passwordChanged, now: now, policy: policy)
        else {
            try write { db in try db.execute(sql: DeskSessionRows.deleteSQL, arguments: [idHash]) }
            return nil
        }
        if touch {
            try write { db in try db.execute(sql: DeskSessionRows.touchSQL, arguments: [now.stored, idHash]) }
        }
        return live
    }

    /// Ends the session a cookie value opens.
    public func signOut(cookieValue: String) throws {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        try write { db in
            guard let name = try String.fetchOne(db, sql: DeskSessionRows.ownerSQL, arguments: [idHash]) else {
                return
            }
            try db.execute(sql: DeskSessionRows.deleteSQL, arguments: [idHash])
            try AuditLog.record("desk.signed-out", personId: nil, actor: name, at: now, detail: nil, in: db)
        }
    }

    /// Removes desk sessions unused for 30 days (longer than any session may be set to last)
    /// and failed sign-ins older than a day; returns how many sessions went.
    @discardableResult
    public func purgeStaleDeskSessions() throws -> Int {
        try purge(StaleRecords.deskSessions(now: clock.now()))
    }
}
