import AlumniStore
import Hummingbird

/// What the portal needs of a request context: the client's address (for the limits on link
/// requests) and, once the portal's session middleware has run, the person's session.
public protocol PortalRequestContext: RequestContext, RemoteAddressRequestContext {
    var portalSession: PortalSession? { get set }
}

extension PortalRequestContext {
    /// The signed-in person's session; the session middleware guarantees one on signed-in routes.
    func requirePortalSession() throws -> PortalSession {
        guard let portalSession else { throw DeskError.signedOut }
        return portalSession
    }
}
