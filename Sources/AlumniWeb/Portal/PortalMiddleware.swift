import AlumniStore
import Hummingbird

/// Turns every error of a portal route into a portal page in the person's language with a way
/// back: never a problem document, a stack trace, or a 403 that would confirm someone else's
/// question exists (the store answers those as not found).
struct PortalErrorMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let pages: PortalPages
    let store: Store
    let settings: DeskSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let refusal = Refusal(error, store: store, logger: context.logger, route: context.endpointPath)
            // The session middleware runs inside this one: its session is read again, so that a
            // signed-in person's error page keeps the navigation and the way to sign out.
            var session: PortalSession?
            if let cookie = request.cookies[PortalCookies.session] {
                session = try? await store.portalSession(cookieValue: cookie.value, policy: settings.portal)
            }
            return try pages.errorPage(refusal, for: request, session: session)
        }
    }
}

extension PortalPages {
    /// The page that tells of `refusal`, with a way back.
    func errorPage(_ refusal: Refusal, for request: Request, session: PortalSession?) throws -> Response {
        let catalog = catalog(for: request, session: session)
        var response = try page(
            "error", title: "error." + refusal.kind, for: request, session: session, status: refusal.status,
            [
                "message": refusal.detail ?? catalog("errorDetail." + refusal.kind),
                "home": session == nil ? "/my/sign-in" : "/my/questions",
            ])
        if refusal.status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
        return response
    }
}

/// Opens the portal session the cookie names, or sends the visitor to sign in.
struct PortalSessionMiddleware<Context: PortalRequestContext>: RouterMiddleware {
    let store: Store
    let settings: DeskSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let cookie = request.cookies[PortalCookies.session]?.value, !cookie.isEmpty,
            let session = try await store.portalSession(cookieValue: cookie, policy: settings.portal)
        else {
            var response = Response.redirect(to: "/my/sign-in", type: .normal)
            if request.cookies[PortalCookies.session] != nil {
                response.setCookie(PortalCookies.clear(PortalCookies.session, secure: settings.secureCookies))
            }
            return response
        }
        var context = context
        context.portalSession = session
        return try await next(request, context)
    }
}
