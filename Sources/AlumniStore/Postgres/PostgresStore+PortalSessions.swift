import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// The portal's sign-in links, their limits and its sessions on PostgreSQL: the SQL and rules
/// of `PortalRows`, as SQLite's store runs them.
extension PostgresStore {
    /// Asks for a sign-in link to `email`, from `client`: the same reads and writes whoever the
    /// address belongs to, a link and its message only for exactly one person who may be e-mailed.
    public func requestPortalSignIn(
        email: String, client: String?, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) async throws -> PortalLinkRequest {
        let address = try PortalRows.signInAddress(email)
        let now = clock.now()
        let key = try await linkSigningKey()
        return try await transaction { connection in
            let limited = try await countRequests(
                PortalRows.limits(address: address, client: client, policy: policy), policy: policy, now: now,
                on: connection)
            let people = try await rows(PortalRows.peopleAtAddressSQL, [address], on: connection)
            let (token, idHash) = PortalToken.make(key: key)
            guard !limited else {
                try await audit("portal.link-limited", personId: nil, actor: "portal", at: now, on: connection)
                return .limited
            }
            guard let personId = PortalRows.signInRecipient(people), let renderer else { return .taken }
            let expires = now.addingTimeInterval(policy.linkLifetime)
            _ = try await rows(
                PortalRows.supersedeLinksSQL, [personId, PortalLinkMail.Purpose.signIn.rawValue], on: connection)
            _ = try await rows(
                PortalRows.insertLinkSQL,
                PortalRows.linkValues(idHash: idHash, personId: personId, purpose: .signIn, now: now, expires: expires),
                on: connection)
            let mail = PortalLinkMail(
                purpose: .signIn, person: try await person(id: personId, on: connection), address: address,
                token: token, expires: expires)
            if let message = try renderer.message(for: mail, now: now) {
                try await enqueue(message, at: now, on: connection)
            }
            try await audit("portal.link-sent", personId: personId, actor: "portal", at: now, on: connection)
            return .taken
        }
    }

    /// Counts one request against each of `limits`; true when any window's limit was already
    /// reached. The rows are locked, so two requests at once count twice.
    func countRequests(
        _ limits: [(key: String, limit: Int)], policy: PortalPolicy, now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        var limited = false
        for (key, limit) in limits {
            let row = try await rows(PortalRows.throttleSQL + " FOR UPDATE", [key], on: connection).first
            switch PortalRows.count(row, limit: limit, now: now, window: policy.requestWindow) {
            case .limited: limited = true
            case .counted(let requests):
                _ = try await rows(PortalRows.countRequestSQL, [requests, key], on: connection)
            case .newWindow: _ = try await rows(PortalRows.startWindowSQL, [key, now.stored], on: connection)
            }
        }
        return limited
    }

    /// What the link `token` would do, for its landing page; reading it uses nothing up.
    public func portalLink(token: String) async throws -> PortalLinkPreview {
        PortalRows.preview(try await usableLink(token).row)
    }

    /// Presses the sign-in link `token`: uses it up and opens a portal session for its person.
    public func usePortalSignIn(token: String, client: String?) async throws -> NewPortalSession {
        let now = clock.now()
        return try await transaction { connection in
            let (row, idHash) = try await usableLink(token, on: connection)
            guard row["purpose"] as String == PortalLinkMail.Purpose.signIn.rawValue else {
                throw PortalLinkRefused.invalid
            }
            let personId: Int64 = row["person_id"]
            _ = try await rows(PortalRows.useLinkSQL, [now.stored, idHash], on: connection)
            let opened = try await openPortalSession(personId: personId, now: now, on: connection)
            try await audit(
                "portal.signed-in", personId: personId, actor: PortalRows.actor(personId), at: now,
                detail: client.map { "from \($0)" }, on: connection)
            return opened
        }
    }

    /// The link row `token` names, if it may be pressed now; locked when read in a transaction.
    func usableLink(_ token: String, on connection: PostgresConnection? = nil) async throws -> (
        row: Row, idHash: String
    ) {
        guard let idHash = PortalToken.verifiedHash(token, key: try await linkSigningKey()) else {
            throw PortalLinkRefused.invalid
        }
        let sql = PortalRows.linkSQL + (connection == nil ? "" : " FOR UPDATE OF portal_link")
        return (try PortalRows.usable(try await rows(sql, [idHash], on: connection).first, now: clock.now()), idHash)
    }

    func openPortalSession(personId: Int64, now: Date, on connection: PostgresConnection) async throws
        -> NewPortalSession
    {
        let language = try await rows(PortalRows.languageSQL, [personId], on: connection).first?["language"] as String?
        let (new, values) = PortalRows.newSession(personId: personId, language: language, now: now)
        _ = try await rows(PortalRows.insertSessionSQL, values, on: connection)
        return new
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long,
    /// signed out, or its person erased.
    public func portalSession(cookieValue: String, policy: PortalPolicy) async throws -> PortalSession? {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        guard let row = try await rows(PortalRows.sessionSQL, [idHash]).first else { return nil }
        let session = PortalSession(
            personId: row["person_id"], csrfToken: row["csrf_token"],
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)),
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
        guard
            let (live, touch) = PortalRows.standing(
                session, lastSeen: Date(timeIntervalSince1970: row["last_seen_at"]), now: now, policy: policy)
        else {
            _ = try await rows(PortalRows.deleteSessionSQL, [idHash])
            return nil
        }
        if touch { _ = try await rows(PortalRows.touchSessionSQL, [now.stored, idHash]) }
        return live
    }

    /// Ends the portal session a cookie value opens.
    public func portalSignOut(cookieValue: String) async throws {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        try await transaction { connection in
            guard
                let personId = try await rows(PortalRows.sessionOwnerSQL + " FOR UPDATE", [idHash], on: connection)
                    .first?["person_id"] as Int64?
            else { return }
            _ = try await rows(PortalRows.deleteSessionSQL, [idHash], on: connection)
            try await audit(
                "portal.signed-out", personId: personId, actor: PortalRows.actor(personId), at: now, on: connection)
        }
    }
}
