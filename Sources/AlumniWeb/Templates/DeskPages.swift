import AlumniStore
import Foundation
import Hummingbird

/// Renders desk pages: a page template with the values every page shares — the words in the
/// reader's language, who is signed in, the form token, the navigation.
struct DeskPages: Sendable {
    let templates: DeskTemplates
    let catalogs: Catalogs

    static func shipped() throws -> DeskPages {
        let catalogs = try Catalogs.shipped()
        return DeskPages(templates: try .shipped(catalogs: catalogs), catalogs: catalogs)
    }

    /// The catalog for `request`'s `Accept-Language`.
    func catalog(for request: Request) -> Catalog {
        catalogs.pick(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// Page `name` titled `title`, for `session` (nil on the sign-in page), as a response.
    func page(
        _ name: String, title: String, for request: Request, session: DeskSession?, section: String? = nil,
        status: HTTPResponse.Status = .ok, _ values: PageValue = [:]
    ) throws -> Response {
        let catalog = catalog(for: request)
        var all = values
        all["lang"] = .text(catalog.language)
        all["title"] = .text(title)
        if let session {
            all["signedIn"] = [
                "name": session.user.name, "role": catalog("role." + session.user.role.rawValue),
                "isAdmin": session.user.role == .admin, "readsMail": session.user.role.may(.readRestricted),
                "runsCampaigns": session.user.role.may(.manageCampaigns),
                "readsReport": session.user.role.may(.readReport),
            ]
            all["csrf"] = .text(session.csrfToken)
        }
        if let section { all["nav"] = .object([(section, .flag(true))]) }
        return HTMLResponse(status: status, html: try templates.render(name, in: catalog, all)).response
    }
}

/// An HTML page as a response.
struct HTMLResponse {
    var status: HTTPResponse.Status = .ok
    /// The page, as UTF-8.
    var html: [UInt8]

    var response: Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: html)))
    }
}
