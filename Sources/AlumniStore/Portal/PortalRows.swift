import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of the portal's sessions, links, limits and registrations, shared by both
/// stores.
enum PortalRows {
    /// Who the audit log names when a person acts in the portal.
    static func actor(_ personId: Int64) -> String { "person #\(personId) (portal)" }

    // MARK: - Sessions

    static let insertSessionSQL = """
        INSERT INTO portal_session (id_hash, person_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
        """
    static let languageSQL = "SELECT language FROM person WHERE id = ?"
    /// A live person's session by the hash of its cookie.
    static let sessionSQL = """
        SELECT portal_session.person_id, portal_session.csrf_token, person.language,
               portal_session.created_at, portal_session.last_seen_at
        FROM portal_session JOIN person ON person.id = portal_session.person_id
        WHERE portal_session.id_hash = ? AND person.erased_at IS NULL
        """
    static let touchSessionSQL = "UPDATE portal_session SET last_seen_at = ? WHERE id_hash = ?"
    static let deleteSessionSQL = "DELETE FROM portal_session WHERE id_hash = ?"
    static let sessionOwnerSQL = "SELECT person_id FROM portal_session WHERE id_hash = ?"

    /// A new session of `personId` at `now`, and the values of its row.
    static func newSession(personId: Int64, language: String?, now: Date) -> (
        NewPortalSession, values: [(any DatabaseValueConvertible)?]
    ) {
        let cookieValue = APITokens.random()
        let csrf = APITokens.random()
        let session = PortalSession(
            personId: personId, csrfToken: csrf, language: language.flatMap(Language.init(rawValue:)), createdAt: now)
        return (
            NewPortalSession(cookieValue: cookieValue, session: session),
            [APITokens.hash(cookieValue), personId, csrf, now.stored, now.stored]
        )
    }

    /// What a session read finds at `now`: the session and whether its last use should be
    /// written, or nil once it has been idle or open too long.
    static func standing(_ session: PortalSession, lastSeen: Date, now: Date, policy: PortalPolicy) -> (
        session: PortalSession, touch: Bool
    )? {
        guard now < session.createdAt.addingTimeInterval(policy.absoluteTimeout),
            now < lastSeen.addingTimeInterval(policy.idleTimeout)
        else { return nil }
        return (session, now >= lastSeen.addingTimeInterval(policy.touchInterval))
    }

    // MARK: - Request limits

    /// The address a sign-in link is asked for, lower-cased; refused when it cannot be one.
    static func signInAddress(_ email: String) throws -> String {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard address.contains("@"), address.count <= 254 else {
            throw ValidationFailure([FieldError(field: "email", reason: "is not an e-mail address")])
        }
        return address
    }

    static let throttleSQL = "SELECT window_start, requests FROM portal_throttle WHERE key = ?"
    static let countRequestSQL = "UPDATE portal_throttle SET requests = ? WHERE key = ?"
    static let startWindowSQL = """
        INSERT INTO portal_throttle (key, window_start, requests) VALUES (?, ?, 1)
        ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, requests = 1
        """

    /// The keys a request for a link to `address` from `client` counts against, with their limits.
    static func limits(address: String, client: String?, policy: PortalPolicy) -> [(key: String, limit: Int)] {
        [("address:" + APITokens.hash(address.lowercased()), policy.requestsPerAddress)]
            + (client.map { [("client:" + $0, policy.requestsPerClient)] } ?? [])
    }

    /// How one more request against a key whose window row is `row` is counted at `now`.
    enum Count {
        /// The window's limit was already reached: nothing is written.
        case limited
        /// One more in the current window: its new count.
        case counted(Int)
        /// No window, or a past one: a new window starts.
        case newWindow
    }

    static func count(_ row: Row?, limit: Int, now: Date, window: TimeInterval) -> Count {
        guard let row, now.stored < (row["window_start"] as Double) + window else { return .newWindow }
        let requests: Int = row["requests"]
        return requests < limit ? .counted(requests + 1) : .limited
    }

    // MARK: - Links

    /// Who may be sent a sign-in link at an address: at most two, to tell one from many.
    static let peopleAtAddressSQL = """
        SELECT id, do_not_contact, email_undeliverable_at FROM person
        WHERE lower(email) = ? AND email IS NOT NULL AND erased_at IS NULL LIMIT 2
        """
    /// The one person a row of ``peopleAtAddressSQL`` names, if exactly one and they may be e-mailed.
    static func signInRecipient(_ people: [Row]) -> Int64? {
        guard people.count == 1, let row = people.first, !(row["do_not_contact"] as Bool),
            (row["email_undeliverable_at"] as Double?) == nil
        else { return nil }
        return row["id"]
    }

    /// Drops the person bound's unused links of the purpose bound (a new one supersedes them).
    static let supersedeLinksSQL = "DELETE FROM portal_link WHERE person_id = ? AND purpose = ? AND used_at IS NULL"
    static let insertLinkSQL = """
        INSERT INTO portal_link (id_hash, person_id, purpose, new_email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
        """
    static func linkValues(
        idHash: String, personId: Int64, purpose: PortalLinkMail.Purpose, newEmail: String? = nil, now: Date,
        expires: Date
    ) -> [(any DatabaseValueConvertible)?] {
        [idHash, personId, purpose.rawValue, newEmail, now.stored, expires.stored]
    }

    /// A link with its person's language, while the person is not erased.
    static let linkSQL = """
        SELECT portal_link.person_id, portal_link.purpose, portal_link.new_email, portal_link.used_at,
               portal_link.expires_at, person.language
        FROM portal_link JOIN person ON person.id = portal_link.person_id
        WHERE portal_link.id_hash = ? AND person.erased_at IS NULL
        """
    static let useLinkSQL = "UPDATE portal_link SET used_at = ? WHERE id_hash = ?"

    /// A row of ``linkSQL``, if its link may be pressed at `now`.
    static func usable(_ row: Row?, now: Date) throws(PortalLinkRefused) -> Row {
        guard let row else { throw .invalid }
        if (row["used_at"] as Double?) != nil { throw .used }
        if now.stored >= row["expires_at"] as Double { throw .expired }
        return row
    }

    /// What a usable link row would do, for its landing page.
    static func preview(_ row: Row) -> PortalLinkPreview {
        PortalLinkPreview(
            purpose: PortalLinkMail.Purpose(rawValue: row["purpose"]) ?? .signIn,
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)), newEmail: row["new_email"])
    }

    // MARK: - Registrations

    static let insertRegistrationSQL = """
        INSERT INTO portal_registration (id_hash, given_name, family_name, email, kind, period, topic,
            question, language, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static func registrationValues(_ registration: PortalRegistration, idHash: String, now: Date)
        -> [(any DatabaseValueConvertible)?]
    {
        [
            idHash, registration.givenName, registration.familyName, registration.email, registration.kind.rawValue,
            registration.period, registration.topic.rawValue, registration.question, registration.language?.rawValue,
            now.stored, now.addingTimeInterval(AlumniDatabase.registrationLifetime).stored,
        ]
    }
    static let registrationSQL = "SELECT * FROM portal_registration WHERE id_hash = ?"
    static let deleteRegistrationSQL = "DELETE FROM portal_registration WHERE id_hash = ?"
    /// The people (at most two) a confirmed address already belongs to.
    static let knownAtAddressSQL =
        "SELECT id FROM person WHERE lower(email) = ? AND email IS NOT NULL AND erased_at IS NULL LIMIT 2"
    static let selfRegisteredSQL = "UPDATE person SET self_registered_at = ? WHERE id = ?"

    /// The registration a row of ``registrationSQL`` holds, if it may still be confirmed at `now`.
    static func registration(_ row: Row?, now: Date) throws(PortalLinkRefused) -> PortalRegistration {
        guard let row else { throw .invalid }
        guard now.stored < row["expires_at"] as Double else { throw .expired }
        return PortalRegistration(
            givenName: row["given_name"], familyName: row["family_name"], email: row["email"],
            kind: PersonKind(rawValue: row["kind"]) ?? .customer, period: row["period"],
            topic: PortalTopic(rawValue: row["topic"]) ?? .other, question: row["question"],
            language: (row["language"] as String?).flatMap(Language.init(rawValue:)))
    }

    /// The person a registration adds, when its address is nobody's (or several people's).
    static func newPerson(_ registration: PortalRegistration) throws -> PersonFields {
        try PersonFields(
            givenName: registration.givenName, familyName: registration.familyName, email: registration.email,
            language: registration.language, kind: registration.kind
        ).validated()
    }

    /// The question a registration opens, received at `now`.
    static func question(_ registration: PortalRegistration, personId: Int64, now: Date) -> NewInquiry {
        let topic = registration.topic
        return NewInquiry(
            personId: personId, type: topic.inquiryType,
            subject: topic == .other ? AlumniDatabase.subject(from: registration.question) : topic.subject,
            body: registration.firstMessage, channel: .portal, receivedAt: now)
    }
}
