import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// How long someone not in the directory has to confirm their address.
    public static let registrationLifetime: TimeInterval = 86_400

    /// Someone not in the directory asks a question: a link to confirm their address goes to
    /// it, within the same limits as sign-in links. Nothing else is kept until it is pressed,
    /// and the answer is the same whoever the address belongs to.
    public func requestRegistration(
        _ registration: PortalRegistration, client: String?, renderer: (any PortalMessageRenderer)?,
        policy: PortalPolicy
    ) throws -> PortalLinkRequest {
        let registration = try registration.validated()
        let now = clock.now()
        let key = try linkSigningKey()
        return try write { db in
            let limits = PortalRows.limits(address: registration.email, client: client, policy: policy)
            guard try !countRequests(limits, policy: policy, now: now, in: db) else { return .limited }
            let (token, idHash) = PortalToken.make(key: key)
            try db.execute(
                sql: PortalRows.insertRegistrationSQL,
                arguments: StatementArguments(PortalRows.registrationValues(registration, idHash: idHash, now: now)))
            if let message = try renderer?.registrationMessage(for: registration, token: token, now: now) {
                _ = try enqueue(message, at: now, in: db)
            }
            return .taken
        }
    }

    /// The language of the registration `token` confirms, for its page; reading it confirms nothing.
    public func registrationLanguage(token: String) throws -> Language? {
        let key = try linkSigningKey()
        return try writer.read { db in try Self.registration(token, key: key, now: clock.now(), in: db) }
            .registration.language
    }

    /// Presses the link of a registration: the person is found by their address, or added
    /// (marked self-registered, for staff to check who they are); their question opens an
    /// inquiry with the usual acknowledgement; and they are signed in to the portal, all in one
    /// transaction. The registration is used up.
    public func confirmRegistration(token: String, client: String?) throws -> (
        session: NewPortalSession, inquiryId: Int64
    ) {
        let now = clock.now()
        let key = try linkSigningKey()
        return try write { db in
            let (registration, idHash) = try Self.registration(token, key: key, now: now, in: db)
            try db.execute(sql: PortalRows.deleteRegistrationSQL, arguments: [idHash])
            let known = try Int64.fetchAll(
                db.cachedStatement(sql: PortalRows.knownAtAddressSQL), arguments: [registration.email.lowercased()])
            let personId: Int64
            if known.count == 1 {
                personId = known[0]
            } else {
                personId = try insertPerson(try PortalRows.newPerson(registration), at: now, in: db)
                try db.execute(sql: PortalRows.selfRegisteredSQL, arguments: [now.stored, personId])
                try AuditLog.record(
                    "person.self-registered", personId: personId, actor: PortalRows.actor(personId), at: now,
                    detail: client.map { "from \($0)" }, in: db)
            }
            let inquiry = try openInquiry(
                PortalRows.question(registration, personId: personId, now: now), now: now,
                actor: PortalRows.actor(personId), in: db)
            try acknowledge(inquiry, answering: nil, now: now, in: db)
            let session = try openPortalSession(personId: personId, now: now, in: db)
            try AuditLog.record(
                "portal.signed-in", personId: personId, actor: PortalRows.actor(personId), at: now,
                detail: "by confirming a question", in: db)
            return (session, inquiry.id)
        }
    }

    private static func registration(_ token: String, key: Data, now: Date, in db: Database) throws -> (
        registration: PortalRegistration, idHash: String
    ) {
        guard let idHash = PortalToken.verifiedHash(token, key: key) else { throw PortalLinkRefused.invalid }
        let row = try Row.fetchOne(db, sql: PortalRows.registrationSQL, arguments: [idHash])
        return (try PortalRows.registration(row, now: now), idHash)
    }
}
