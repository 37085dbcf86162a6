import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Questions from people not in the directory on PostgreSQL: the registration, its link and
/// its confirmation, by the SQL and rules of `PortalRows`.
extension PostgresStore {
    /// Someone not in the directory asks a question: a link to confirm their address goes to it.
    public func requestRegistration(
        _ registration: PortalRegistration, client: String?, renderer: (any PortalMessageRenderer)?,
        policy: PortalPolicy
    ) async throws -> PortalLinkRequest {
        let registration = try registration.validated()
        let now = clock.now()
        let key = try await linkSigningKey()
        return try await transaction { connection in
            let limits = PortalRows.limits(address: registration.email, client: client, policy: policy)
            guard try await !countRequests(limits, policy: policy, now: now, on: connection) else { return .limited }
            let (token, idHash) = PortalToken.make(key: key)
            _ = try await rows(
                PortalRows.insertRegistrationSQL,
                PortalRows.registrationValues(registration, idHash: idHash, now: now), on: connection)
            if let message = try renderer?.registrationMessage(for: registration, token: token, now: now) {
                try await enqueue(message, at: now, on: connection)
            }
            return .taken
        }
    }

    /// The language of the registration `token` confirms; reading it confirms nothing.
    public func registrationLanguage(token: String) async throws -> Language? {
        try await registration(token, now: clock.now()).registration.language
    }

    /// Presses the link of a registration: the person found by their address or added, their
    /// question opened and acknowledged, and a portal session, in one transaction.
    public func confirmRegistration(token: String, client: String?) async throws -> (
        session: NewPortalSession, inquiryId: Int64
    ) {
        let now = clock.now()
        return try await transaction { connection in
            let (registration, idHash) = try await registration(token, now: now, on: connection)
            _ = try await rows(PortalRows.deleteRegistrationSQL, [idHash], on: connection)
            let known = try await rows(
                PortalRows.knownAtAddressSQL, [registration.email.lowercased()], on: connection
            ).map { $0["id"] as Int64 }
            let personId: Int64
            if known.count == 1 {
                personId = known[0]
            } else {
                personId = try await insertPerson(
                    try PortalRows.newPerson(registration), actor: nil, at: now, on: connection)
                _ = try await rows(PortalRows.selfRegisteredSQL, [now.stored, personId], on: connection)
                try await audit(
                    "person.self-registered", personId: personId, actor: PortalRows.actor(personId), at: now,
                    detail: client.map { "from \($0)" }, on: connection)
            }
            let inquiry = try await openInquiry(
                PortalRows.question(registration, personId: personId, now: now), now: now,
                actor: PortalRows.actor(personId), on: connection)
            try await acknowledge(inquiry, answering: nil, now: now, on: connection)
            let session = try await openPortalSession(personId: personId, now: now, on: connection)
            try await audit(
                "portal.signed-in", personId: personId, actor: PortalRows.actor(personId), at: now,
                detail: "by confirming a question", on: connection)
            return (session, inquiry.id)
        }
    }

    private func registration(_ token: String, now: Date, on connection: PostgresConnection? = nil) async throws -> (
        registration: PortalRegistration, idHash: String
    ) {
        guard let idHash = PortalToken.verifiedHash(token, key: try await linkSigningKey()) else {
            throw PortalLinkRefused.invalid
        }
        let sql = PortalRows.registrationSQL + (connection == nil ? "" : " FOR UPDATE")
        return (try PortalRows.registration(try await rows(sql, [idHash], on: connection).first, now: now), idHash)
    }
}
