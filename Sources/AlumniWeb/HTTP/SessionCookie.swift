import Hummingbird

/// The desk's session cookie: `HttpOnly` (no script reads it), `SameSite=Lax` (a link in an
/// alert e-mail opens the desk signed in; a form posted from another site carries no cookie),
/// `Secure` when the desk is served over https, for the whole site.
enum SessionCookie {
    static let name = "alumni_session"

    static func set(_ value: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func clear(secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
