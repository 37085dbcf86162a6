import AlumniCore
import Foundation

/// Desk sign-in and sessions through `Store`.
extension Store {
    /// Checks `name` and `password`, throttled per account and per client `address`; on success
    /// starts a session. Every attempt is audited, the password never.
    public func signIn(name: String, password: String, address: String?, policy: DeskSessionPolicy) async throws
        -> NewDeskSession
    {
        switch self {
        case .sqlite(let database):
            try database.signIn(name: name, password: password, address: address, policy: policy)
        case .postgres(let store):
            try await store.signIn(name: name, password: password, address: address, policy: policy)
        }
    }

    /// The live session a cookie value opens: nil once it has been idle or open too long, signed
    /// out, or its user disabled or given a new password since it began.
    public func deskSession(cookieValue: String, policy: DeskSessionPolicy) async throws -> DeskSession? {
        switch self {
        case .sqlite(let database): try database.deskSession(cookieValue: cookieValue, policy: policy)
        case .postgres(let store): try await store.deskSession(cookieValue: cookieValue, policy: policy)
        }
    }

    /// Ends the session a cookie value opens.
    public func signOut(cookieValue: String) async throws {
        switch self {
        case .sqlite(let database): try database.signOut(cookieValue: cookieValue)
        case .postgres(let store): try await store.signOut(cookieValue: cookieValue)
        }
    }
}
