import AlumniCore
import Foundation
import GRDB

/// A person signed in to the portal. Who they are comes from here alone, never from a form.
public struct PortalSession: Sendable, Equatable {
    public var personId: Int64
    /// The token every form that changes something must carry.
    public var csrfToken: String
    /// The language on the person's record, if any.
    public var language: Language?
    public var createdAt: Date
}

/// A new portal session: the value for the cookie (shown once, stored only hashed) and the session.
public struct NewPortalSession: Sendable {
    public var cookieValue: String
    public var session: PortalSession
}

extension AlumniDatabase {
    func openPortalSession(personId: Int64, now: Date, in db: Database) throws -> NewPortalSession {
        let language = try String.fetchOne(db, sql: PortalRows.languageSQL, arguments: [personId])
        let (new, values) = PortalRows.newSession(personId: personId, language: language, now: now)
        try db.execute(sql: PortalRows.insertSessionSQL, arguments: StatementArguments(values))
        return new
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long,
    /// signed out, or its person erased.
    public func portalSession(cookieValue: String, policy: PortalPolicy) throws -> PortalSession? {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        let found = try readStatement { db in
            try db.cachedStatement(sql: PortalRows.sessionSQL).fetchFirst(binding: { $0.add(idHash) }) { row in
                (
                    session: PortalSession(
                        personId: try row.required(0), csrfToken: try row.required(1),
                        language: (row[2] as String?).flatMap(Language.init(rawValue:)),
                        createdAt: Date(timeIntervalSince1970: try row.required(3))),
                    lastSeen: Date(timeIntervalSince1970: try row.required(4))
                )
            }
        }
        guard let (session, lastSeen) = found else { return nil }
        guard let (live, touch) = PortalRows.standing(session, lastSeen: lastSeen, now: now, policy: policy) else {
            try write { db in try db.execute(sql: PortalRows.deleteSessionSQL, arguments: [idHash]) }
            return nil
        }
        if touch {
            try write { db in try db.execute(sql: PortalRows.touchSessionSQL, arguments: [now.stored, idHash]) }
        }
        return live
    }

    /// Ends the portal session a cookie value opens.
    public func portalSignOut(cookieValue: String) throws {
        let now = clock.now()
        let idHash = APITokens.hash(cookieValue)
        try write { db in
            guard let personId = try Int64.fetchOne(db, sql: PortalRows.sessionOwnerSQL, arguments: [idHash])
            else { return }
            try db.execute(sql: PortalRows.deleteSessionSQL, arguments: [idHash])
            try AuditLog.record(
                "portal.signed-out", personId: personId, actor: PortalRows.actor(personId), at: now, in: db)
        }
    }

    /// Removes portal sessions and links past any use (a day after they could last have been
    /// used), unconfirmed questions of people not in the directory once their day is over, and
    /// link-request counts of past windows.
    @discardableResult
    public func purgeStalePortalRecords(policy: PortalPolicy = PortalPolicy()) throws -> Int {
        try purge(StaleRecords.portal(now: clock.now(), policy: policy))
    }
}
