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
            var limited = false
            let keys =
                [("address:" + APITokens.hash(registration.email.lowercased()), policy.requestsPerAddress)]
                + (client.map { [("client:" + $0, policy.requestsPerClient)] } ?? [])
            for (key, limit) in keys {
                limited =
                    try Self.countRequest(key, limit: limit, now: now, window: policy.requestWindow, in: db)
                    || limited
            }
            guard !limited else { return .limited }
            let (token, idHash) = PortalToken.make(key: key)
            try db.execute(
                sql: """
                    INSERT INTO portal_registration (id_hash, given_name, family_name, email, kind, period, topic,
                        question, language, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    idHash, registration.givenName, registration.familyName, registration.email,
                    registration.kind.rawValue, registration.period, registration.topic.rawValue,
                    registration.question, registration.language?.rawValue, now.stored,
                    now.addingTimeInterval(Self.registrationLifetime).stored,
                ])
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
            try db.execute(sql: "DELETE FROM portal_registration WHERE id_hash = ?", arguments: [idHash])
            let known = try Int64.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT id FROM person WHERE lower(email) = ? AND email IS NOT NULL AND erased_at IS NULL LIMIT 2"
                ), arguments: [registration.email.lowercased()])
            let personId: Int64
            if known.count == 1 {
                personId = known[0]
            } else {
                let fields = try PersonFields(
                    givenName: registration.givenName, familyName: registration.familyName, email: registration.email,
                    language: registration.language, kind: registration.kind
                ).validated()
                personId = try insertPerson(fields, at: now, in: db)
                try db.execute(
                    sql: "UPDATE person SET self_registered_at = ? WHERE id = ?", arguments: [now.stored, personId])
                try AuditLog.record(
                    "person.self-registered", personId: personId, actor: Self.portalActor(personId), at: now,
                    detail: client.map { "from \($0)" }, in: db)
            }
            let topic = registration.topic
            let inquiry = try openInquiry(
                NewInquiry(
                    personId: personId, type: topic.inquiryType,
                    subject: topic == .other ? Self.subject(from: registration.question) : topic.subject,
                    body: registration.firstMessage, channel: .portal, receivedAt: now),
                now: now, actor: Self.portalActor(personId), in: db)
            try acknowledge(inquiry, answering: nil, now: now, in: db)
            let session = try openPortalSession(personId: personId, now: now, in: db)
            try AuditLog.record(
                "portal.signed-in", personId: personId, actor: Self.portalActor(personId), at: now,
                detail: "by confirming a question", in: db)
            return (session, inquiry.id)
        }
    }

    private static func registration(_ token: String, key: Data, now: Date, in db: Database) throws -> (
        registration: PortalRegistration, idHash: String
    ) {
        guard let idHash = PortalToken.verifiedHash(token, key: key),
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM portal_registration WHERE id_hash = ?", arguments: [idHash])
        else { throw PortalLinkRefused.invalid }
        guard now.stored < row["expires_at"] as Double else { throw PortalLinkRefused.expired }
        return (
            PortalRegistration(
                givenName: row["given_name"], familyName: row["family_name"], email: row["email"],
                kind: PersonKind(rawValue: row["kind"]) ?? .customer, period: row["period"],
                topic: PortalTopic(rawValue: row["topic"]) ?? .other, question: row["question"],
                language: (row["language"] as String?).flatMap(Language.init(rawValue:))), idHash
        )
    }
}
