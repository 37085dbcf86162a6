import AlumniCore
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser for portal tests: keeps its cookies as a browser does, sends forms with the
/// page's form token, and reads sign-in links from the e-mails in the outbox.
struct PortalBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var language = "en"

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func get(_ path: String) async throws -> TestResponse {
        keep(try await client.execute(uri: path, method: .get, headers: headers(), body: nil))
    }

    /// Posts `fields` with the form token of the page at `page` (nil: none, or the given `csrf`).
    mutating func post(_ path: String, _ fields: [String: String], tokenFrom page: String?) async throws
        -> TestResponse
    {
        try await postForm(path, fields.map { ($0.key, $0.value) }, tokenFrom: page)
    }

    /// Posts `fields` in order (a field may repeat, as ticked boxes do), with the form token of
    /// the page at `page` unless a `csrf` field is given.
    mutating func postForm(_ path: String, _ fields: [(String, String)], tokenFrom page: String?) async throws
        -> TestResponse
    {
        var fields = fields
        if let page, !fields.contains(where: { $0.0 == "csrf" }) {
            fields.append(("csrf", DeskBrowser.hidden("csrf", in: try await get(page).text) ?? ""))
        }
        let body = fields.map { "\(DeskBrowser.encode($0.0))=\(DeskBrowser.encode($0.1))" }
            .joined(separator: "&")
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return keep(
            try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)))
    }

    /// Posts `fields` and `files` as `multipart/form-data`, as a form with a file input does,
    /// with the form token of the page at `page`.
    mutating func postFiles(
        _ path: String, _ fields: [String: String], files: [(filename: String, data: Data)], tokenFrom page: String
    ) async throws -> TestResponse {
        var fields = fields
        fields["csrf"] = DeskBrowser.hidden("csrf", in: try await get(page).text)
        let boundary = "----portal-test-boundary"
        var body = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(
                Data(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.filename)\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n").utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = headers()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return keep(try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(data: body)))
    }

    /// Asks for a sign-in link for `email` from the sign-in page.
    mutating func requestLink(_ email: String) async throws -> TestResponse {
        try await post("/my/sign-in", ["email": email], tokenFrom: "/my/sign-in")
    }

    /// Opens `link`'s page and presses its button.
    mutating func press(_ link: String) async throws -> TestResponse {
        try await post(link, [:], tokenFrom: link)
    }

    /// Asks for a link for `email`, reads it from the outbox and presses it.
    mutating func signIn(_ email: String, database: AlumniDatabase) async throws {
        _ = try await requestLink(email)
        let link = try #require(try Self.newestLink(in: database))
        _ = try await press(link)
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [.acceptLanguage: language]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; ")
        }
        return headers
    }

    /// Keeps the cookies `response` sets, and forgets those it clears.
    private mutating func keep(_ response: TestResponse) -> TestResponse {
        for header in response.headers[values: .setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    /// The path of the sign-in link in the newest portal e-mail, if any.
    static func newestLink(in database: AlumniDatabase, to recipient: String? = nil) throws -> String? {
        try newestLink(among: database.outboxMessages(status: nil, limit: 100).items, to: recipient)
    }

    /// The path of the sign-in link in the newest portal e-mail in `store`'s outbox, if any.
    static func newestLink(in store: Store) async throws -> String? {
        try newestLink(among: try await store.outboxMessages(status: nil, limit: 100).items, to: nil)
    }

    private static func newestLink(among messages: [OutboxMessage], to recipient: String?) throws -> String? {
        let messages =
            messages
            .filter { $0.dedupeKey.hasPrefix("portal-link:") && (recipient == nil || $0.recipient == recipient) }
        guard let newest = messages.max(by: { $0.id < $1.id }) else { return nil }
        let payload = try JSONSerialization.jsonObject(with: Data(newest.payload.utf8)) as? [String: Any]
        let text = payload?["text"] as? String ?? ""
        return text.firstMatch(of: /\/my\/link\/[A-Za-z0-9_\-.]+/).map { String($0.output) }
    }

    /// How many portal e-mails are in the outbox.
    static func linksSent(in database: AlumniDatabase) throws -> Int {
        try database.outboxMessages(status: nil, limit: 1000).items.filter { $0.dedupeKey.hasPrefix("portal-link:") }
            .count
    }
}

extension TestServer {
    /// Runs `test` with person #1 signed in to the portal, on a server that sends mail.
    func signedInToPortal(_ test: @escaping @Sendable (inout PortalBrowser) async throws -> Void) async throws {
        try await self.test(notifications: jobs()) { client in
            var browser = PortalBrowser(client)
            try await browser.signIn(PortalSignInTests.known, database: database)
            try await test(&browser)
        }
    }

    /// A customer named `name` with the address `email`.
    func addCustomer(_ name: String, email: String, reference: String) throws -> Person {
        try database.addPerson(
            PersonFields(givenName: name, familyName: "Test", email: email, kind: .customer, externalRef: reference),
            actor: "setup")
    }
}
