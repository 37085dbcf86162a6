import AlumniStore
import Hummingbird

/// Opens the session the cookie names, or sends the visitor to sign in (and back here after).
struct DeskSessionMiddleware<Context: DeskRequestContext>: RouterMiddleware {
    let store: Store
    let settings: DeskSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let cookie = request.cookies[SessionCookie.name]?.value, !cookie.isEmpty,
            let session = try await store.deskSession(cookieValue: cookie, policy: settings.sessions)
        else {
            let from = request.method == .get ? request.uri.description : "/"
            var response = Response.redirect(to: SignInController<Context>.path(from: from), type: .normal)
            if request.cookies[SessionCookie.name] != nil {
                response.setCookie(SessionCookie.clear(secure: settings.secureCookies))
            }
            return response
        }
        var context = context
        context.user = session.user
        context.deskSession = session
        return try await next(request, context)
    }
}
