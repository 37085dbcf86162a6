import AlumniCore
import Foundation
import GRDB
import HummingbirdBcrypt

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
        let keys = ["account:\(name.lowercased())"] + (address.map { ["address:\($0)"] } ?? [])
        let (account, throttled) = try writer.read { db in
            let account = try db.makeStatement(
                sql: "SELECT \(StaffUser.columns), password_hash FROM staff_user WHERE name = ? AND disabled_at IS NULL"
            ).fetchFirst(binding: { $0.add(name) }) { row in
                (user: try StaffUser(columns: row), hash: row[Int32(StaffUser.Column.allCases.count)] as String?)
            }
            let throttled = try keys.contains { key in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT failures, last_failed_at FROM sign_in_failure WHERE key = ?",
                        arguments: [key])
                else { return false }
                let last = Date(timeIntervalSince1970: row["last_failed_at"])
                return now < last.addingTimeInterval(policy.wait(afterFailures: row["failures"]))
            }
            return (account, throttled)
        }
        let hash = account?.hash
        // Always one bcrypt check, so the answer takes as long whoever asks.
        let matches = Bcrypt.verify(password, hash: hash ?? StaffPasswords.decoy) && hash != nil
        guard matches, !throttled, let user = account?.user else {
            try write { db in
                if !throttled {
                    for key in keys {
                        try db.execute(
                            sql: """
                                INSERT INTO sign_in_failure (key, failures, last_failed_at) VALUES (?, 1, ?)
                                ON CONFLICT (key) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at
                                """, arguments: [key, now.stored])
                    }
                }
                try AuditLog.record(
                    "desk.sign-in-refused", personId: nil, actor: name, at: now,
                    detail: [throttled ? "throttled" : "wrong name or password", address.map { "from \($0)" }]
                        .compactMap { $0 }.joined(separator: " "), in: db)
            }
            throw SignInRefused()
        }
        let cookieValue = APITokens.random()
        let session = DeskSession(user: user, csrfToken: APITokens.random(), createdAt: now)
        try write { db in
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE key = ?", arguments: [keys[0]])
            try db.execute(
                sql: """
                    INSERT INTO desk_session (id_hash, user_id, csrf_token, created_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [APITokens.hash(cookieValue), user.id, session.csrfToken, now.stored, now.stored])
            try AuditLog.record(
                "desk.signed-in", personId: nil, actor: user.name, at: now,
                detail: address.map { "from \($0)" }, in: db)
        }
        return NewDeskSession(cookieValue: cookieValue, session: session)
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long, signed
    /// out, or its user disabled or given a new password since it began.
    public func deskSession(cookieValue: String, policy: DeskSessionPolicy) throws -> DeskSession? {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        let extra = Int32(StaffUser.Column.allCases.count)
        let found = try readStatement { db in
            try db.cachedStatement(
                sql: """
                    SELECT \(StaffUser.columns), desk_session.csrf_token, desk_session.created_at,
                           desk_session.last_seen_at, staff_user.password_changed_at
                    FROM desk_session JOIN staff_user ON staff_user.id = desk_session.user_id
                    WHERE desk_session.id_hash = ? AND staff_user.disabled_at IS NULL
                    """
            ).fetchFirst(binding: { $0.add(idHash) }) { row in
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
        let created = session.createdAt
        guard now < created.addingTimeInterval(policy.absoluteTimeout),
            now < lastSeen.addingTimeInterval(policy.idleTimeout),
            passwordChanged.map({ $0 <= created }) ?? true
        else {
            try write { db in try db.execute(sql: "DELETE FROM desk_session WHERE id_hash = ?", arguments: [idHash]) }
            return nil
        }
        if now >= lastSeen.addingTimeInterval(policy.touchInterval) {
            try write { db in
                try db.execute(
                    sql: "UPDATE desk_session SET last_seen_at = ? WHERE id_hash = ?", arguments: [now.stored, idHash])
            }
        }
        return session
    }

    /// Ends the session a cookie value opens.
    public func signOut(cookieValue: String) throws {
        let now = clock.now()
        try write { db in
            let name = try String.fetchOne(
                db,
                sql: """
                    SELECT staff_user.name FROM desk_session JOIN staff_user ON staff_user.id = desk_session.user_id
                    WHERE desk_session.id_hash = ?
                    """, arguments: [APITokens.hash(cookieValue)])
            guard let name else { return }
            try db.execute(
                sql: "DELETE FROM desk_session WHERE id_hash = ?", arguments: [APITokens.hash(cookieValue)])
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
