import AlumniCore
import Foundation

/// The portal's sign-in links, sessions and registrations through `Store`.
extension Store {
    /// Asks for a sign-in link to `email` from `client`; the answer is the same whoever the
    /// address belongs to, only the limits show.
    public func requestPortalSignIn(
        email: String, client: String?, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) async throws -> PortalLinkRequest {
        switch self {
        case .sqlite(let database):
            try database.requestPortalSignIn(email: email, client: client, renderer: renderer, policy: policy)
        case .postgres(let store):
            try await store.requestPortalSignIn(email: email, client: client, renderer: renderer, policy: policy)
        }
    }

    /// What the link `token` would do, for its landing page; reading it uses nothing up.
    public func portalLink(token: String) async throws -> PortalLinkPreview {
        switch self {
        case .sqlite(let database): try database.portalLink(token: token)
        case .postgres(let store): try await store.portalLink(token: token)
        }
    }

    /// Presses the sign-in link `token`: uses it up and opens a portal session for its person.
    public func usePortalSignIn(token: String, client: String?) async throws -> NewPortalSession {
        switch self {
        case .sqlite(let database): try database.usePortalSignIn(token: token, client: client)
        case .postgres(let store): try await store.usePortalSignIn(token: token, client: client)
        }
    }

    /// Presses the link confirming a new address: the address changes and the old one is told.
    /// - Returns: the person whose address changed.
    @discardableResult
    public func confirmEmailChange(token: String, renderer: (any PortalMessageRenderer)?) async throws -> Int64 {
        switch self {
        case .sqlite(let database): try database.confirmEmailChange(token: token, renderer: renderer)
        case .postgres(let store): try await store.confirmEmailChange(token: token, renderer: renderer)
        }
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long, signed
    /// out, or its person erased.
    public func portalSession(cookieValue: String, policy: PortalPolicy) async throws -> PortalSession? {
        switch self {
        case .sqlite(let database): try database.portalSession(cookieValue: cookieValue, policy: policy)
        case .postgres(let store): try await store.portalSession(cookieValue: cookieValue, policy: policy)
        }
    }

    /// Ends the portal session a cookie value opens.
    public func portalSignOut(cookieValue: String) async throws {
        switch self {
        case .sqlite(let database): try database.portalSignOut(cookieValue: cookieValue)
        case .postgres(let store): try await store.portalSignOut(cookieValue: cookieValue)
        }
    }

    /// Someone not in the directory asks a question: a link to confirm their address goes to it.
    public func requestRegistration(
        _ registration: PortalRegistration, client: String?, renderer: (any PortalMessageRenderer)?,
        policy: PortalPolicy
    ) async throws -> PortalLinkRequest {
        switch self {
        case .sqlite(let database):
            try database.requestRegistration(registration, client: client, renderer: renderer, policy: policy)
        case .postgres(let store):
            try await store.requestRegistration(registration, client: client, renderer: renderer, policy: policy)
        }
    }

    /// The language of the registration `token` confirms; reading it confirms nothing.
    public func registrationLanguage(token: String) async throws -> Language? {
        switch self {
        case .sqlite(let database): try database.registrationLanguage(token: token)
        case .postgres(let store): try await store.registrationLanguage(token: token)
        }
    }

    /// Presses the link of a registration: the person found or added, their question opened, and
    /// a portal session, in one transaction.
    public func confirmRegistration(token: String, client: String?) async throws -> (
        session: NewPortalSession, inquiryId: Int64
    ) {
        switch self {
        case .sqlite(let database): try database.confirmRegistration(token: token, client: client)
        case .postgres(let store): try await store.confirmRegistration(token: token, client: client)
        }
    }
}
