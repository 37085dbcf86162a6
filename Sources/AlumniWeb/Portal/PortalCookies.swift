import AlumniStore
import Hummingbird

/// The portal's cookies, all `HttpOnly`, `SameSite=Lax` and `Secure` on https, for `/my/` only,
/// apart from the desk's: a person's session never opens a staff page, nor the other way round.
enum PortalCookies {
    /// The portal session.
    static let session = "alumni_portal"
    /// The form token of the pages shown before signing in (sent back in each form: a form
    /// another site posts cannot know it).
    static let form = "alumni_portal_form"
    /// The language chosen with the switch on every page.
    static let language = "alumni_portal_lang"
    static let path = "/my/"

    /// A cookie for the browser's session, or for `maxAge` seconds.
    static func set(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func clear(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .lax)
    }
}

extension PortalPages {
    /// `page`, made with the form token of the pages before signing in: the browser's, or a
    /// new one, set as a cookie with the page.
    func withFormToken(_ request: Request, secure: Bool, _ page: (String) throws -> Response) throws -> Response {
        if let token = Self.formToken(of: request) { return try page(token) }
        let token = APITokens.random()
        var response = try page(token)
        response.setCookie(PortalCookies.set(PortalCookies.form, token, secure: secure))
        return response
    }

    /// The form token the browser holds, if any.
    static func formToken(of request: Request) -> String? {
        guard let value = request.cookies[PortalCookies.form]?.value, !value.isEmpty else { return nil }
        return value
    }
}
