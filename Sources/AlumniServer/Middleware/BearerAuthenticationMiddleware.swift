import AlumniCore
import AlumniStore
import HTTPTypes
import Hummingbird

/// Finds the staff member behind `Authorization: Bearer TOKEN`; anything else is a 401.
struct BearerAuthenticationMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext
    let database: AlumniDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`.
        guard let header = request.headers[.authorization], let space = header.firstIndex(of: " "),
            header[..<space].lowercased() == "bearer"
        else {
            throw unauthorized("a bearer token is required")
        }
        let token = String(header[space...]).trimmingWhitespace()
        guard let user = try database.user(forTokenHash: APITokens.hash(token)) else {
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
