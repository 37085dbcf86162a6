import AlumniCore
import AlumniStore
import HTTPTypes
import Hummingbird

/// Finds the staff member behind `Authorization: Bearer TOKEN`; anything else is a 401.
struct BearerAuthenticationMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let token = request.bearerToken else { throw unauthorized("a bearer token is required") }
        guard let user = try await store.user(forTokenHash: APITokens.hash(token)) else {
            throw unauthorized("the token is unknown, expired or revoked, or its user is disabled")
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }

    private func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
}
