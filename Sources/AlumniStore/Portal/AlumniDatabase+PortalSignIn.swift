import AlumniCore
import Foundation
import GRDB

/// How a request for a sign-in link was answered. The answer is the same whether or not the
/// address belongs to anyone: only the limits show.
public enum PortalLinkRequest: Sendable, Equatable {
    /// Taken: a link is on its way if the address is someone's who may be e-mailed.
    case taken
    /// Too many requests for this address or from this client within the window.
    case limited
}

/// Why a portal link cannot be used.
public enum PortalLinkRefused: Error, Sendable, Equatable {
    /// Not a link we made, altered, superseded by a newer one, or its person erased.
    case invalid
    /// Older than its lifetime.
    case expired
    /// Already pressed once.
    case used
}

/// A portal link that may be pressed, as its landing page shows it.
public struct PortalLinkPreview: Sendable, Equatable {
    public var purpose: PortalLinkMail.Purpose
    /// The person's language, for the page.
    public var language: Language?
    /// For an e-mail change, the address it confirms.
    public var newEmail: String?
}

extension AlumniDatabase {
    /// Who the audit log names when a person acts in the portal.
    static func portalActor(_ personId: Int64) -> String { "person #\(personId) (portal)" }

    /// Asks for a sign-in link to `email`, from `client` (its IP address). Within the limits,
    /// when the address is that of exactly one person who may be e-mailed (not erased, not
    /// do-not-contact, the address not known to bounce), a new link supersedes their older
    /// ones and its message is queued in the same transaction. Every request does the same
    /// reads and writes whoever it is for, so neither the answer nor its time tells whether
    /// the address is known.
    public func requestPortalSignIn(
        email: String, client: String?, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) throws -> PortalLinkRequest {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard address.contains("@"), address.count <= 254 else {
            throw ValidationFailure([FieldError(field: "email", reason: "is not an e-mail address")])
        }
        let now = clock.now()
        let key = try linkSigningKey()
        return try write { db in
            let keys =
                [("address:" + APITokens.hash(address), policy.requestsPerAddress)]
                + (client.map { [("client:" + $0, policy.requestsPerClient)] } ?? [])
            var limited = false
            for (key, limit) in keys {
                limited =
                    try Self.countRequest(key, limit: limit, now: now, window: policy.requestWindow, in: db)
                    || limited
            }
            let people = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, do_not_contact, email_undeliverable_at FROM person
                        WHERE lower(email) = ? AND email IS NOT NULL AND erased_at IS NULL LIMIT 2
                        """), arguments: [address])
            let (token, idHash) = PortalToken.make(key: key)
            guard !limited else {
                try AuditLog.record("portal.link-limited", personId: nil, actor: "portal", at: now, in: db)
                return .limited
            }
            guard people.count == 1, let row = people.first, !(row["do_not_contact"] as Bool),
                (row["email_undeliverable_at"] as Double?) == nil, let renderer
            else { return .taken }
            let personId: Int64 = row["id"]
            try db.execute(
                sql: "DELETE FROM portal_link WHERE person_id = ? AND purpose = 'sign-in' AND used_at IS NULL",
                arguments: [personId])
            let expires = now.addingTimeInterval(policy.linkLifetime)
            try db.execute(
                sql: """
                    INSERT INTO portal_link (id_hash, person_id, purpose, created_at, expires_at)
                    VALUES (?, ?, 'sign-in', ?, ?)
                    """, arguments: [idHash, personId, now.stored, expires.stored])
            let person = try PersonRows.fetch(id: personId, in: db)
            let mail = PortalLinkMail(
                purpose: .signIn, person: person, address: address, token: token, expires: expires)
            if let message = try renderer.message(for: mail, now: now) { _ = try enqueue(message, at: now, in: db) }
            try AuditLog.record("portal.link-sent", personId: personId, actor: "portal", at: now, in: db)
            return .taken
        }
    }

    /// Counts one request against `key`; true when the window's limit was already reached.
    static func countRequest(
        _ key: String, limit: Int, now: Date, window: TimeInterval, in db: Database
    ) throws -> Bool {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT window_start, requests FROM portal_throttle WHERE key = ?"),
            arguments: [key])
        if let row, now.stored < (row["window_start"] as Double) + window {
            let requests: Int = row["requests"]
            guard requests < limit else { return true }
            try db.execute(
                sql: "UPDATE portal_throttle SET requests = ? WHERE key = ?", arguments: [requests + 1, key])
        } else {
            try db.execute(
                sql: "INSERT OR REPLACE INTO portal_throttle (key, window_start, requests) VALUES (?, ?, 1)",
                arguments: [key, now.stored])
        }
        return false
    }

    /// What the link `token` would do, for its landing page; reading it uses nothing up (mail
    /// scanners fetch every link in a message).
    public func portalLink(token: String) throws(PortalLinkRefused) -> PortalLinkPreview {
        do {
            let (row, _) = try usableLink(token, in: nil)
            return PortalLinkPreview(
                purpose: PortalLinkMail.Purpose(rawValue: row["purpose"]) ?? .signIn,
                language: (row["language"] as String?).flatMap(Language.init(rawValue:)), newEmail: row["new_email"])
        } catch let refused as PortalLinkRefused {
            throw refused
        } catch {
            throw .invalid
        }
    }

    /// Presses the sign-in link `token`: uses it up and opens a portal session for its person.
    public func usePortalSignIn(token: String, client: String?) throws -> NewPortalSession {
        let now = clock.now()
        return try write { db in
            let (row, idHash) = try usableLink(token, in: db)
            guard row["purpose"] as String == PortalLinkMail.Purpose.signIn.rawValue else {
                throw PortalLinkRefused.invalid
            }
            let personId: Int64 = row["person_id"]
            try db.execute(
                sql: "UPDATE portal_link SET used_at = ? WHERE id_hash = ?", arguments: [now.stored, idHash])
            let opened = try openPortalSession(personId: personId, now: now, in: db)
            try AuditLog.record(
                "portal.signed-in", personId: personId, actor: Self.portalActor(personId), at: now,
                detail: client.map { "from \($0)" }, in: db)
            return opened
        }
    }

    /// The link row `token` names, with its person's language, if it may be pressed now; read in
    /// `db`, or in a read of its own when nil.
    func usableLink(_ token: String, in db: Database?) throws -> (Row, idHash: String) {
        guard let idHash = PortalToken.verifiedHash(token, key: try linkSigningKey()) else {
            throw PortalLinkRefused.invalid
        }
        let read = { (db: Database) in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT portal_link.*, person.language FROM portal_link JOIN person ON person.id = portal_link.person_id
                    WHERE portal_link.id_hash = ? AND person.erased_at IS NULL
                    """, arguments: [idHash])
        }
        guard let row = try db.map(read) ?? writer.read(read) else { throw PortalLinkRefused.invalid }
        if (row["used_at"] as Double?) != nil { throw PortalLinkRefused.used }
        if clock.now().stored >= row["expires_at"] as Double { throw PortalLinkRefused.expired }
        return (row, idHash)
    }
}
