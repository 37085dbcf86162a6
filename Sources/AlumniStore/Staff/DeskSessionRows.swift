import AlumniCore
import Foundation
import GRDB
import HummingbirdBcrypt

/// The SQL and rules of desk sign-in and sessions, shared by both stores.
enum DeskSessionRows {
    /// The active account of a name, with its password hash after ``StaffUser/columns``.
    static let accountSQL = """
        SELECT \(StaffUser.columns), staff_user.password_hash FROM staff_user
        WHERE staff_user.name = ? AND staff_user.disabled_at IS NULL
        """
    static let failureSQL = "SELECT failures, last_failed_at FROM sign_in_failure WHERE key = ?"
    static let recordFailureSQL = """
        INSERT INTO sign_in_failure (key, failures, last_failed_at) VALUES (?, 1, ?)
        ON CONFLICT (key) DO UPDATE SET failures = sign_in_failure.failures + 1, last_failed_at = excluded.last_failed_at
        """
    static let clearFailuresSQL = "DELETE FROM sign_in_failure WHERE key = ?"
    static let insertSQL = """
        INSERT INTO desk_session (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
        """
    /// A session by the hash of its cookie, with its user: after ``StaffUser/columns`` its form
    /// token, start, last use and the user's last password change.
    static let sessionSQL = """
        SELECT \(StaffUser.columns), desk_session.csrf_token, desk_session.created_at AS session_created_at,
               desk_session.last_seen_at, staff_user.password_changed_at
        FROM desk_session JOIN staff_user ON staff_user.id = desk_session.user_id
        WHERE desk_session.id_hash = ? AND staff_user.disabled_at IS NULL
        """
    static let touchSQL = "UPDATE desk_session SET last_seen_at = ? WHERE id_hash = ?"
    static let deleteSQL = "DELETE FROM desk_session WHERE id_hash = ?"
    static let ownerSQL = """
        SELECT staff_user.name FROM desk_session JOIN staff_user ON staff_user.id = desk_session.user_id
        WHERE desk_session.id_hash = ?
        """

    /// The throttling keys of an attempt: the account first, then the client's address.
    static func throttleKeys(name: String, address: String?) -> [String] {
        ["account:\(name.lowercased())"] + (address.map { ["address:\($0)"] } ?? [])
    }

    /// Whether a key with `failures` failures, the last at `lastFailed`, still waits at `now`.
    static func waits(failures: Int, lastFailed: Date, now: Date, policy: DeskSessionPolicy) -> Bool {
        now < lastFailed.addingTimeInterval(policy.wait(afterFailures: failures))
    }

    /// Checks `password` against the account's hash: always one bcrypt check, so the answer
    /// takes as long whoever asks.
    static func passwordMatches(_ password: String, hash: String?) -> Bool {
        Bcrypt.verify(password, hash: hash ?? StaffPasswords.decoy) && hash != nil
    }

    /// The audit detail of a refused attempt.
    static func refusalDetail(throttled: Bool, address: String?) -> String {
        [throttled ? "throttled" : "wrong name or password", address.map { "from \($0)" }].compactMap { $0 }
            .joined(separator: " ")
    }

    /// A new session for `user` started at `now`, and the values of its row.
    static func start(_ user: StaffUser, now: Date) -> (NewDeskSession, idHash: String) {
        let cookieValue = APITokens.random()
        let session = DeskSession(user: user, csrfToken: APITokens.random(), createdAt: now)
        return (NewDeskSession(cookieValue: cookieValue, session: session), APITokens.hash(cookieValue))
    }

    static func insertValues(_ new: NewDeskSession, idHash: String) -> [(any DatabaseValueConvertible)?] {
        let session = new.session
        return [idHash, session.user.id, session.csrfToken, session.createdAt.stored, session.createdAt.stored]
    }

    /// What a session read finds at `now`: the session, whether its last use should be written,
    /// or nil when it has been idle or open too long or the password changed since it began.
    static func standing(
        _ session: DeskSession, lastSeen: Date, passwordChanged: Date?, now: Date, policy: DeskSessionPolicy
    ) -> (session: DeskSession, touch: Bool)? {
        let created = session.createdAt
        guard now < created.addingTimeInterval(policy.absoluteTimeout),
            now < lastSeen.addingTimeInterval(policy.idleTimeout),
            passwordChanged.map({ $0 <= created }) ?? true
        else { return nil }
        return (session, now >= lastSeen.addingTimeInterval(policy.touchInterval))
    }
}
