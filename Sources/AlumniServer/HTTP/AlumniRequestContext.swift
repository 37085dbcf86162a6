import AlumniStore
import AlumniWeb
import Hummingbird
import NIOCore
import Synchronization

/// What a request carries through middleware and handlers: Hummingbird's core context and,
/// once authenticated, the staff member behind the token or the desk session.
public struct AlumniRequestContext: DeskRequestContext, PortalRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address (nil in tests that call the router directly).
    public let remoteAddress: SocketAddress?
    /// The authenticated staff member; set by ``BearerAuthenticationMiddleware`` on /api routes
    /// and by the desk's session middleware on its pages.
    public var user: StaffUser? {
        didSet { signedIn.name.withLock { $0 = user?.name } }
    }
    /// Who the request turned out to be, seen by the middleware that ran before authentication
    /// too (a context is a value: the request log's copy would not see `user` set later).
    let signedIn = SignedInName()
    /// The desk session the cookie opened; set by the desk's session middleware on its pages.
    public var deskSession: DeskSession?
    /// The portal session the cookie opened; set by the portal's session middleware on its pages.
    public var portalSession: PortalSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies are small JSON documents; anything larger is refused with 413.
    public var maxUploadSize: Int { 256 * 1024 }

    /// The authenticated staff member, or a 401 for a route that forgot its middleware.
    func requireUser() throws -> StaffUser {
        guard let user else { throw Problem(.unauthorized, detail: "a bearer token is required") }
        return user
    }
}

/// The name of the staff member behind a request, shared by every copy of its context.
final class SignedInName: Sendable {
    let name = Mutex<String?>(nil)
}
