import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Renders portal pages with the desk's renderer: a page template of `Resources/portal` with the
/// values every page shares — the words in the person's language, the language switch, the
/// form token, whether someone is signed in.
struct PortalPages: Sendable {
    let templates: DeskTemplates
    let catalogs: Catalogs

    static func shipped() throws -> PortalPages {
        let catalogs = try Catalogs.shipped(site: "portal")
        return PortalPages(templates: try .shipped(catalogs: catalogs, site: "portal"), catalogs: catalogs)
    }

    /// The language chosen with the switch, else the one on the person's record (from their
    /// session, or `known` from a link before they sign in), else the browser's
    /// `Accept-Language`, else English.
    func catalog(for request: Request, session: PortalSession?, known: Language? = nil) -> Catalog {
        catalogs[request.cookies[PortalCookies.language]?.value] ?? catalogs[(session?.language ?? known)?.rawValue]
            ?? catalogs.pick(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// Page `name` titled by the catalog's `title` key, for `session` (nil before signing in);
    /// `formToken` is the token of a form shown before signing in, `known` the person's
    /// language when a link tells it before they sign in.
    func page(
        _ name: String, title: String, for request: Request, session: PortalSession?, formToken: String? = nil,
        known: Language? = nil, status: HTTPResponse.Status = .ok, _ values: PageValue = [:]
    ) throws -> Response {
        let catalog = catalog(for: request, session: session, known: known)
        var all = values
        all["lang"] = .text(catalog.language)
        all["title"] = .text(catalog(title))
        all["languages"] = .list(
            Language.allCases.map { language in
                [
                    "code": language.rawValue, "name": language.nativeName,
                    "current": language.rawValue == catalog.language,
                    "href": "/my/language/\(language.rawValue)?back="
                        + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                ]
            })
        if let session {
            all["signedIn"] = true
            all["csrf"] = .text(session.csrfToken)
        } else if let formToken {
            all["csrf"] = .text(formToken)
        }
        return HTMLResponse(status: status, html: try templates.render(name, in: catalog, all)).response
    }

    /// "15 December 2026", in the catalog's language.
    static func day(_ date: CalendarDate, _ catalog: Catalog) -> String {
        catalog(
            "date.long", ["day": String(date.day), "month": catalog("month.\(date.month)"), "year": String(date.year)])
    }

    /// Where a language switch or a sign-in may send the browser back to: a portal path only.
    static func portalPath(_ path: String?) -> String {
        guard let path, path.hasPrefix(PortalCookies.path), !path.contains("//"), !path.contains("\\"),
            !path.contains(where: \.isNewline)
        else { return "/my/questions" }
        return path
    }
}
