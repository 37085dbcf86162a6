import AlumniStore
import Hummingbird

/// What a request carries through middleware and handlers: Hummingbird's core context and,
/// once authenticated, the staff member behind the token.
public struct AlumniRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated staff member; set by ``BearerAuthenticationMiddleware`` on /api routes.
    public var user: StaffUser?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Request bodies are small JSON documents; anything larger is refused with 413.
    public var maxUploadSize: Int { 256 * 1024 }

    /// The authenticated staff member, or a 401 for a route that forgot its middleware.
    func requireUser() throws -> StaffUser {
        guard let user else { throw Problem(.unauthorized, detail: "a bearer token is required") }
        return user
    }
}
