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
    /// Asks for a sign-in link to `email`, from `client` (its IP address). Within the limits,
    /// when the address is that of exactly one person who may be e-mailed (not erased, not
    /// do-not-contact, the address not known to bounce), a new link supersedes their older
    /// ones and its message is queued in the same transaction. Every request does the same
    /// reads and writes whoever it is for, so neither the answer nor its time tells whether
    /// the address is known.
    public func requestPortalSignIn(
        email: String, client: String?, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) throws -> PortalLinkRequest {
        let address = try PortalRows.signInAddress(email)
        let now = clock.now()
        let key = try linkSigningKey()
        return try write { db in
            let limited = try countRequests(
                PortalRows.limits(address: address, client: client, policy: policy), policy: policy, now: now, in: db)
            let people = try Row.fetchAll(db.cachedStatement(sql: PortalRows.peopleAtAddressSQL), arguments: [address])
            let (token, idHash) = PortalToken.make(key: key)
            guard !limited else {
                try AuditLog.record("portal.link-limited", personId: nil, actor: "portal", at: now, in: db)
                return .limited
            }
            guard let personId = PortalRows.signInRecipient(people), let renderer else { return .taken }
            let expires = now.addingTimeInterval(policy.linkLifetime)
            try db.execute(
                sql: PortalRows.supersedeLinksSQL, arguments: [personId, PortalLinkMail.Purpose.signIn.rawValue])
            try db.execute(
                sql: PortalRows.insertLinkSQL,
                arguments: StatementArguments(
                    PortalRows.linkValues(
                        idHash: idHash, personId: personId, purpose: .signIn, now: now, expires: expires)))
            let person = try PersonRows.fetch(id: personId, in: db)
            let mail = PortalLinkMail(
                purpose: .signIn, person: person, address: address, token: token, expires: expires)
            if let message = try renderer.message(for: mail, now: now) { _ = try enqueue(message, at: now, in: db) }
            try AuditLog.record("portal.link-sent", personId: personId, actor: "portal", at: now, in: db)
            return .taken
        }
    }

    /// Counts one request against each of `limits`; true when any window's limit was already reached.
    func countRequests(
        _ limits: [(key: String, limit: Int)], policy: PortalPolicy, now: Date, in db: Database
    ) throws -> Bool {
        var limited = false
        for (key, limit) in limits {
            let row = try Row.fetchOne(db.cachedStatement(sql: PortalRows.throttleSQL), arguments: [key])
            switch PortalRows.count(row, limit: limit, now: now, window: policy.requestWindow) {
            case .limited: limited = true
            case .counted(let requests): try db.execute(sql: PortalRows.countRequestSQL, arguments: [requests, key])
            case .newWindow: try db.execute(sql: PortalRows.startWindowSQL, arguments: [key, now.stored])
            }
        }
        return limited
    }

    /// What the link `token` would do, for its landing page; reading it uses nothing up (mail
    /// scanners fetch every link in a message).
    public func portalLink(token: String) throws(PortalLinkRefused) -> PortalLinkPreview {
        do {
            return PortalRows.preview(try usableLink(token, in: nil).row)
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
            try db.execute(sql: PortalRows.useLinkSQL, arguments: [now.stored, idHash])
            let opened = try openPortalSession(personId: personId, now: now, in: db)
            try AuditLog.record(
                "portal.signed-in", personId: personId, actor: PortalRows.actor(personId), at: now,
                detail: client.map { "from \($0)" }, in: db)
            return opened
        }
    }

    /// The link row `token` names, with its person's language, if it may be pressed now; read in
    /// `db`, or in a read of its own when nil.
    func usableLink(_ token: String, in db: Database?) throws -> (row: Row, idHash: String) {
        guard let idHash = PortalToken.verifiedHash(token, key: try linkSigningKey()) else {
            throw PortalLinkRefused.invalid
        }
        let read = { (db: Database) in try Row.fetchOne(db, sql: PortalRows.linkSQL, arguments: [idHash]) }
        return (try PortalRows.usable(try db.map(read) ?? writer.read(read), now: clock.now()), idHash)
    }
}
