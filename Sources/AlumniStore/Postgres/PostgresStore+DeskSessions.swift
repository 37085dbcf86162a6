import AlumniCore
import Foundation
import GRDB

/// Desk sign-in and sessions on PostgreSQL: the SQL and rules of `DeskSessionRows`, every
/// attempt audited, the password never.
extension PostgresStore {
    public func signIn(name: String, password: String, address: String?, policy: DeskSessionPolicy) async throws
        -> NewDeskSession
    {
        let now = clock.now()
        let keys = DeskSessionRows.throttleKeys(name: name, address: address)
        let account = try await rows(DeskSessionRows.accountSQL, [name]).first.map {
            (user: StaffUser(row: $0), hash: $0["password_hash"] as String?)
        }
        var throttled = false
        for key in keys {
            guard let row = try await rows(DeskSessionRows.failureSQL, [key]).first else { continue }
            throttled =
                throttled
                || DeskSessionRows.waits(
                    failures: row["failures"], lastFailed: Date(timeIntervalSince1970: row["last_failed_at"]),
                    now: now, policy: policy)
        }
        guard DeskSessionRows.passwordMatches(password, hash: account?.hash), !throttled, let user = account?.user
        else {
            try await transaction { connection in
                if !throttled {
                    for key in keys {
                        _ = try await rows(DeskSessionRows.recordFailureSQL, [key, now.stored], on: connection)
                    }
                }
                try await audit(
                    "desk.sign-in-refused", personId: nil, actor: name, at: now,
                    detail: DeskSessionRows.refusalDetail(throttled: throttled, address: address), on: connection)
            }
            throw SignInRefused()
        }
        let (new, idHash) = DeskSessionRows.start(user, now: now)
        try await transaction { connection in
            _ = try await rows(DeskSessionRows.clearFailuresSQL, [keys[0]], on: connection)
            _ = try await rows(
                DeskSessionRows.insertSQL, DeskSessionRows.insertValues(new, idHash: idHash), on: connection)
            try await audit(
                "desk.signed-in", personId: nil, actor: user.name, at: now, detail: address.map { "from \($0)" },
                on: connection)
        }
        return new
    }

    public func deskSession(cookieValue: String, policy: DeskSessionPolicy) async throws -> DeskSession? {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        guard let row = try await rows(DeskSessionRows.sessionSQL, [idHash]).first else { return nil }
        let session = DeskSession(
            user: StaffUser(row: row), csrfToken: row["csrf_token"],
            createdAt: Date(timeIntervalSince1970: row["session_created_at"]))
        guard
            let (live, touch) = DeskSessionRows.standing(
                session, lastSeen: Date(timeIntervalSince1970: row["last_seen_at"]),
                passwordChanged: (row["password_changed_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                now: now, policy: policy)
        else {
            _ = try await rows(DeskSessionRows.deleteSQL, [idHash])
            return nil
        }
        if touch { _ = try await rows(DeskSessionRows.touchSQL, [now.stored, idHash]) }
        return live
    }

    public func signOut(cookieValue: String) async throws {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        try await transaction { connection in
            guard
                let owner = try await rows(
                    DeskSessionRows.ownerSQL + " FOR UPDATE OF desk_session", [idHash], on: connection
                ).first
            else { return }
            _ = try await rows(DeskSessionRows.deleteSQL, [idHash], on: connection)
            try await audit("desk.signed-out", personId: nil, actor: owner["name"], at: now, on: connection)
        }
    }
}
