import AlumniCore
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A browser for desk tests: keeps the session cookie, sends forms as a browser does, and reads
/// hidden fields (the CSRF token, the form key) out of pages.
struct DeskBrowser {
    let client: any TestClientProtocol
    var cookie: String?
    var language = "en"

    /// The password every test account gets from ``TestServer/enableDesk(_:)``.
    static let password = "correct horse battery"

    init(_ client: any TestClientProtocol) { self.client = client }

    /// Signs in as `name` and keeps the session; the response is the redirect (or the refusal page).
    @discardableResult
    mutating func signIn(_ name: String, password: String = DeskBrowser.password, from: String = "/") async throws
        -> TestResponse
    {
        let response = try await attempt(name, password: password, from: from)
        if let value = Self.cookieValue(response) { cookie = value }
        return response
    }

    /// Tries to sign in as `name` without keeping the session.
    func attempt(_ name: String, password: String = DeskBrowser.password, from: String = "/") async throws
        -> TestResponse
    {
        try await post("/sign-in", ["name": name, "password": password, "from": from], csrf: false)
    }

    func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: headers(), body: nil)
    }

    /// Posts `fields` url-encoded; with `csrf`, the session's token is read from `page` (default: the queue).
    func post(
        _ path: String, _ fields: [String: String], csrf: Bool = true, from page: String = "/"
    ) async throws -> TestResponse {
        var fields = fields
        if csrf, fields["csrf"] == nil { fields["csrf"] = Self.hidden("csrf", in: try await get(page).text) }
        return try await postForm(path, fields.map { ($0.key, $0.value) })
    }

    /// Posts fields in order (a field may repeat, as ticked boxes do).
    func postForm(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [.acceptLanguage: language]
        if let cookie { headers[.cookie] = "alumni_session=\(cookie)" }
        return headers
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// The value of the first hidden field `name` in `html`.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The hidden `seen` and `form_key` of an inquiry page, with `extra` fields: a step's form.
    static func stepFields(_ page: String, _ extra: [String: String]) -> [String: String] {
        extra.merging(
            ["seen": hidden("seen", in: page)!, "form_key": hidden("form_key", in: page)!],
            uniquingKeysWith: { a, _ in a })
    }

    /// The session cookie a response sets, if any.
    static func cookieValue(_ response: TestResponse) -> String? {
        setCookie(response).flatMap { header in
            header.split(separator: ";").first.map { String($0.dropFirst("alumni_session=".count)) }
        }
    }

    /// The `Set-Cookie` header for the session cookie.
    static func setCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("alumni_session=") }
    }
}

extension TestServer {
    /// Gives each role's account (`admin`, `hr`, …) the desk password ``DeskBrowser/password``.
    func enableDesk(_ roles: [StaffRole] = [.admin, .hr, .coordinator, .viewer]) throws {
        for role in roles {
            try database.setPassword(name: role.rawValue, password: DeskBrowser.password, actor: "setup")
        }
    }
}
