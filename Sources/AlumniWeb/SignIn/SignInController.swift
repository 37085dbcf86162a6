import AlumniStore
import Foundation
import Hummingbird

/// Signing in and out of the desk.
struct SignInController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    /// The sign-in page's address, coming back to `from` after.
    static func path(from: String) -> String {
        from == "/"
            ? "/sign-in" : "/sign-in?from=" + (from.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// Where to go after signing in: only a path on this site (never `//elsewhere` or a URL).
    static func localPath(_ from: String?) -> String {
        guard let from, from.hasPrefix("/"), !from.hasPrefix("//"), !from.contains("\\"),
            !from.contains(where: \.isNewline)
        else { return "/" }
        return from
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("sign-in") { request, _ in
            try signInPage(request, from: request.uri.queryParameters["from"].map(String.init), refused: false)
        }
        group.post("sign-in") { request, context in try await signIn(request, context) }
    }

    /// Sign-out needs a session and its form token.
    func addSignedInRoutes(to group: RouterGroup<Context>) {
        group.post("sign-out") { request, context in
            let session = try context.requireSession()
            _ = try await DeskForm.checked(request, context, session: session)
            if let cookie = request.cookies[SessionCookie.name]?.value { try await store.signOut(cookieValue: cookie) }
            var response = Response.redirect(to: "/sign-in", type: .normal)
            response.setCookie(SessionCookie.clear(secure: settings.secureCookies))
            return response
        }
    }

    /// A sign-in form posted from another site is refused: it would sign the browser in to an
    /// account of the other site's choosing.
    private func signIn(_ request: Request, _ context: Context) async throws -> Response {
        guard SameOrigin.check(request) else { throw DeskError.badFormToken }
        let form = try await DeskForm.read(request, context)
        let from = Self.localPath(form["from"])
        do {
            let new = try await store.signIn(
                name: form["name"]?.trimmingCharacters(in: .whitespaces) ?? "", password: form["password"] ?? "",
                address: context.remoteAddress?.ipAddress, policy: settings.sessions)
            // Coordinators start from their overview rather than the inquiry queue.
            let landing = from == "/" ? new.session.user.landing : from
            var response = Response.redirect(to: landing, type: .normal)
            response.setCookie(SessionCookie.set(new.cookieValue, secure: settings.secureCookies))
            return response
        } catch is SignInRefused {
            return try signInPage(request, from: from, refused: true, name: form["name"])
        }
    }

    private func signInPage(_ request: Request, from: String?, refused: Bool, name: String? = nil) throws -> Response {
        let catalog = pages.catalog(for: request)
        return try pages.page(
            "sign-in", title: catalog("signIn.title"), for: request, session: nil,
            status: refused ? .unauthorized : .ok,
            ["from": Self.localPath(from), "refused": refused, "name": name ?? ""])
    }
}
