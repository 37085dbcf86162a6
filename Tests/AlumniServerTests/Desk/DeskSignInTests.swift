import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: signing in, sessions and forms")
struct DeskSignInTests {
    @Test("A signed-out visitor is sent to sign in, and back to the page they wanted after")
    func signedOutRedirect() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            let page = try await browser.get("/inquiries/2")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/sign-in?from=%2Finquiries%2F2")
            let signedIn = try await browser.signIn("hr", from: "/inquiries/2")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/inquiries/2")
            #expect(try await browser.get("/inquiries/2").status == .ok)
        }
    }

    @Test("Signing in never sends the browser to another site")
    func noOpenRedirect() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            for from in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let browser = DeskBrowser(client)
                let location = try await browser.attempt("hr", from: from).headers[.location]
                #expect(location == "/")
            }
        }
    }

    @Test("The session cookie is HttpOnly, SameSite=Lax, for the whole site, and Secure behind https")
    func cookieFlags() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        var https = ServerSettings()
        https.desk.secureCookies = true
        for (settings, secure) in [(ServerSettings(), false), (https, true)] {
            try await server.test(settings: settings) { client in
                var browser = DeskBrowser(client)
                let header = try #require(DeskBrowser.setCookie(try await browser.signIn("hr")))
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Path=/"))
                #expect(header.contains("Secure") == secure)
            }
        }
    }

    @Test("A sign-in form posted from another site is refused")
    func signInFromAnotherSite() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            let body = "name=hr&password=\(DeskBrowser.encode(DeskBrowser.password))"
            let refused = try await client.execute(
                uri: "/sign-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: ByteBuffer(string: body))
            #expect(refused.status == .forbidden)
            #expect(DeskBrowser.setCookie(refused) == nil)
        }
    }

    @Test("Sessions unused for 30 days are purged by the scan")
    func purge() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
        }
        #expect(try server.database.purgeStaleDeskSessions() == 0)
        server.clock.advance(31 * 86_400)
        #expect(try server.database.purgeStaleDeskSessions() == 1)
    }

    @Test("A wrong password, an unknown name and an account without a password get the same answer")
    func sameRefusal() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var pages: [String] = []
            for (name, password) in [("hr", "wrong password!"), ("nobody", "wrong password!"), ("viewer", "x")] {
                var browser = DeskBrowser(client)
                let response = try await browser.signIn(name, password: password)
                #expect(response.status == .unauthorized)
                #expect(browser.cookie == nil)
                pages.append(response.text.replacingOccurrences(of: "value=\"\(name)\"", with: ""))
            }
            #expect(Set(pages).count == 1)
        }
        let refusals = try server.database.auditEvents(limit: 100, as: "test").items.filter {
            $0.action == "desk.sign-in-refused"
        }
        #expect(refusals.count == 3)
        #expect(!refusals.contains { ($0.detail ?? "").contains("wrong password!") })
    }

    @Test("Failed sign-ins slow down, then lock the account for minutes, even for the right password")
    func throttling() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            let browser = DeskBrowser(client)
            let wrong = "guess guess guess"
            func status(_ password: String) async throws -> HTTPResponse.Status {
                try await browser.attempt("hr", password: password).status
            }
            for _ in 0..<3 {
                let refused = try await status(wrong)
                #expect(refused == .unauthorized)
            }
            // After the free failures, even the right password waits for the delay to pass.
            let fourth = try await status(wrong)
            let tooSoon = try await status(DeskBrowser.password)
            server.clock.advance(3)
            let afterDelay = try await status(DeskBrowser.password)
            #expect([fourth, tooSoon, afterDelay] == [.unauthorized, .unauthorized, .seeOther])
            // Ten failures in a row lock the account for fifteen minutes.
            for attempt in 0..<10 {
                // Each after the delay the one before it earned (at most 128 s before the lock).
                if attempt > 0 { server.clock.advance(130) }
                let refused = try await status(wrong)
                #expect(refused == .unauthorized)
            }
            let locked = try await status(DeskBrowser.password)
            server.clock.advance(15 * 60)
            let unlocked = try await status(DeskBrowser.password)
            #expect([locked, unlocked] == [.unauthorized, .seeOther])
        }
        let audit = try server.database.auditEvents(limit: 200, as: "test").items
        #expect(audit.contains { $0.action == "desk.signed-in" && $0.actor == "hr" })
        #expect(audit.contains { $0.action == "desk.sign-in-refused" && ($0.detail ?? "").contains("throttled") })
    }

    @Test("A session ends after 8 idle hours or 12 hours in all; use keeps it alive until then")
    func sessionExpiry() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            for _ in 0..<3 {
                server.clock.advance(3.5 * 3600)
                #expect(try await browser.get("/").status == .ok)
            }
            server.clock.advance(1.6 * 3600)  // 12.1 hours after signing in
            #expect(try await browser.get("/").status == .seeOther)

            try await browser.signIn("hr")
            server.clock.advance(8 * 3600 + 1)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("Signing out, disabling the user or a new password ends the session")
    func sessionEnds() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .admin])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let out = try await browser.post("/sign-out", [:])
            #expect(out.headers[.location] == "/sign-in")
            #expect(try await browser.get("/").status == .seeOther)

            try await browser.signIn("hr")
            try server.database.setPassword(name: "hr", password: "another long password", actor: "admin")
            #expect(try await browser.get("/").status == .seeOther)

            try await browser.signIn("hr", password: "another long password")
            try server.database.disableUser(name: "hr", actor: "admin")
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("A form without the session's token is refused with a 403 page and changes nothing")
    func csrf() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let page = try await browser.get("/inquiries/2").text
            for token in [nil, "forged"] {
                var fields = [
                    ("seen", DeskBrowser.hidden("seen", in: page)!),
                    ("form_key", DeskBrowser.hidden("form_key", in: page)!),
                    ("body", "A note"),
                ]
                if let token { fields.append(("csrf", token)) }
                let response = try await browser.postForm("/inquiries/2/note", fields)
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
        #expect(try server.database.thread(ofInquiry: 2, as: "test").count == 1)
    }

    @Test("Every desk response forbids inline script and framing, sniffing and cross-site referrers")
    func securityHeaders() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            for path in ["/sign-in", "/", "/inquiries/2", "/inquiries/999", "/people/1", "/no/such/page"] {
                let response = try await browser.get(path)
                let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("An address nobody serves is the desk's 404 page; under /api/ it stays the API's problem")
    func unknownAddresses() async throws {
        let server = try TestServer()
        try await server.test { client in
            for path in ["/no-such-page", "/people/1/nothing/here"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("<main"))
                }
            }
            try await client.execute(uri: "/api/v1/no-such", method: .get, headers: TestServer.headers(.admin)) {
                #expect($0.status == .notFound)
                #expect($0.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/api/v1/mail/1/assign", method: .get, headers: TestServer.headers(.admin)) {
                #expect($0.status == .methodNotAllowed)
            }
        }
    }
}
