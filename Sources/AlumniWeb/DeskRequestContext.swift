import AlumniStore
import Hummingbird

/// What the desk needs of a request context: the client's address (for sign-in throttling)
/// and, once the session middleware has run, the signed-in staff member and their session.
public protocol DeskRequestContext: RequestContext, RemoteAddressRequestContext {
    var user: StaffUser? { get set }
    var deskSession: DeskSession? { get set }
}

extension DeskRequestContext {
    /// The signed-in session; the session middleware guarantees one on every desk route.
    func requireSession() throws -> DeskSession {
        guard let deskSession else { throw DeskError.signedOut }
        return deskSession
    }
}
