import AlumniCore
import AlumniServer
@_spi(RawDatabase) import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: signing in with an e-mailed link")
struct PortalSignInTests {
    static let known = "ase@example.no"

    @Test("Asking for a link answers the same page for a known and an unknown address; only the known one gets mail")
    func noEnumeration() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            let known = try await browser.requestLink(Self.known)
            let unknown = try await browser.requestLink("nobody@example.org")
            #expect(known.status == .ok)
            #expect(unknown.status == known.status)
            #expect(unknown.text == known.text)
            #expect(known.text.contains("Check your e-mail"))
        }
        let messages = try server.database.outboxMessages(status: nil, limit: 10).items
            .filter { $0.dedupeKey.hasPrefix("portal-link:") }
        #expect(messages.map(\.recipient) == [Self.known])
    }

    @Test("Opening the link signs no one in and uses nothing up; pressing its button signs in, once")
    func getDoesNotSignIn() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.requestLink(Self.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            // A mail scanner fetches the link, twice.
            for _ in 0..<2 {
                let page = try await browser.get(link)
                #expect(page.status == .ok)
                #expect(page.text.contains("<form method=\"post\" action=\"\(link)\""))
            }
            #expect(browser.cookies["alumni_portal"] == nil)
            #expect(try await browser.get("/my/questions").headers[.location] == "/my/sign-in")
            let pressed = try await browser.press(link)
            #expect(pressed.status == .seeOther)
            #expect(pressed.headers[.location] == "/my/questions")
            #expect(try await browser.get("/my/questions").status == .ok)
            // The same link, pressed again from another browser, is used up.
            var other = PortalBrowser(client)
            let again = try await other.press(link)
            #expect(again.status == .gone)
            #expect(again.text.contains("This link has been used"))
            #expect(other.cookies["alumni_portal"] == nil)
        }
    }

    @Test("A link expires 30 minutes after it was sent")
    func expiry() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.requestLink(Self.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            server.clock.advance(29 * 60)
            #expect(try await browser.get(link).status == .ok)
            server.clock.advance(60)
            let expired = try await browser.press(link)
            #expect(expired.status == .gone)
            #expect(expired.text.contains("This link has expired"))
            #expect(browser.cookies["alumni_portal"] == nil)
        }
    }

    @Test("A newer link supersedes the older one")
    func supersession() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.requestLink(Self.known)
            let first = try #require(try PortalBrowser.newestLink(in: server.database))
            server.clock.advance(60)
            _ = try await browser.requestLink(Self.known)
            let second = try #require(try PortalBrowser.newestLink(in: server.database))
            #expect(first != second)
            #expect(try await browser.press(first).status == .notFound)
            #expect(try await browser.press(second).status == .seeOther)
        }
    }

    @Test("A forged or altered link is refused")
    func forgedLink() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.requestLink(Self.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            let altered = String(link.dropLast()) + (link.hasSuffix("A") ? "B" : "A")
            #expect(try await browser.press(altered).status == .notFound)
            #expect(try await browser.get("/my/link/not-a-token").status == .notFound)
        }
    }

    @Test("No link goes to a person who asked not to be contacted, whose address bounces, or who was erased")
    func onlyToPeopleWhoMayBeEmailed() async throws {
        let server = try TestServer()
        let bouncing = try server.addCustomer("Bo", email: "bo@example.se", reference: "C1")
        try await server.database.writer.write { db in
            try db.execute(
                sql: "UPDATE person SET email_undeliverable_at = 1, email_undeliverable_reason = '550' WHERE id = ?",
                arguments: [bouncing.id])
        }
        let quiet = try server.addCustomer("Quinn", email: "quinn@example.se", reference: "C2")
        try server.database.setDoNotContact(personId: quiet.id, true, source: "letter", actor: "setup")
        let erased = try server.addCustomer("Eve", email: "eve@example.se", reference: "C3")
        _ = try server.database.erasePerson(id: erased.id, actor: "setup")
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            let reference = try await browser.requestLink("nobody@example.org").text
            for address in ["bo@example.se", "quinn@example.se", "eve@example.se"] {
                #expect(try await browser.requestLink(address).text == reference)
            }
        }
        #expect(try PortalBrowser.linksSent(in: server.database) == 0)
    }

    @Test("Links are limited per address: the sixth request within the hour gets the 'please wait' page and no mail")
    func limitPerAddress() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            for _ in 0..<5 { #expect(try await browser.requestLink(Self.known).status == .ok) }
            let limited = try await browser.requestLink(Self.known.uppercased())
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("Please wait a little"))
            // An unknown address is limited alike: the limit tells nothing either.
            for _ in 0..<5 { _ = try await browser.requestLink("nobody@example.org") }
            #expect(try await browser.requestLink("nobody@example.org").status == .tooManyRequests)
            server.clock.advance(3600)
            #expect(try await browser.requestLink(Self.known).status == .ok)
        }
        #expect(try PortalBrowser.linksSent(in: server.database) == 6)
    }

    @Test("Links are limited per client address, whatever addresses it asks for")
    func limitPerClient() throws {
        let server = try TestServer()
        let policy = PortalPolicy()
        let renderer = try server.jobs().portalMessages()
        for number in 0..<policy.requestsPerClient {
            #expect(
                try server.database.requestPortalSignIn(
                    email: "guess\(number)@example.org", client: "203.0.113.9", renderer: renderer, policy: policy)
                    == .taken)
        }
        #expect(
            try server.database.requestPortalSignIn(
                email: Self.known, client: "203.0.113.9", renderer: renderer, policy: policy) == .limited)
        #expect(
            try server.database.requestPortalSignIn(
                email: Self.known, client: "198.51.100.1", renderer: renderer, policy: policy) == .taken)
        #expect(try PortalBrowser.linksSent(in: server.database) == 1)
    }

    @Test("Every form needs its token: a sign-in request or a link pressed without it is refused")
    func formTokens() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            let refused = try await browser.post("/my/sign-in", ["email": Self.known], tokenFrom: nil)
            #expect(refused.status == .forbidden)
            #expect(try PortalBrowser.linksSent(in: server.database) == 0)
            _ = try await browser.requestLink(Self.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            #expect(try await browser.post(link, ["csrf": "forged"], tokenFrom: nil).status == .forbidden)
            #expect(try await browser.press(link).status == .seeOther)
        }
    }

    @Test("The session cookie is HttpOnly, SameSite=Lax, for /my/ only, and Secure behind https")
    func cookieFlags() async throws {
        let server = try TestServer()
        var https = TestServer.quiet
        https.desk.secureCookies = true
        for (settings, secure) in [(TestServer.quiet, false), (https, true)] {
            try await server.test(settings: settings, notifications: server.jobs()) { client in
                var browser = PortalBrowser(client)
                _ = try await browser.requestLink(Self.known)
                let link = try #require(try PortalBrowser.newestLink(in: server.database))
                let pressed = try await browser.press(link)
                let header = try #require(
                    pressed.headers[values: .setCookie].first { $0.hasPrefix("alumni_portal=") })
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Path=/my/"))
                #expect(header.contains("Secure") == secure)
            }
        }
    }

    @Test("A session ends after 30 idle minutes, after 12 hours however busy, and on signing out")
    func sessionLifetime() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            try await browser.signIn(Self.known, database: server.database)
            for _ in 0..<24 {
                server.clock.advance(29 * 60)
                #expect(try await browser.get("/my/questions").status == .ok)
            }
            server.clock.advance(29 * 60)
            #expect(try await browser.get("/my/questions").status == .seeOther)

            server.clock.advance(3600)
            try await browser.signIn(Self.known, database: server.database)
            server.clock.advance(31 * 60)
            #expect(try await browser.get("/my/questions").status == .seeOther)

            server.clock.advance(3600)
            try await browser.signIn(Self.known, database: server.database)
            let cookie = try #require(browser.cookies["alumni_portal"])
            let out = try await browser.post("/my/sign-out", [:], tokenFrom: "/my/questions")
            #expect(out.headers[.location] == "/my/sign-in?signed-out")
            browser.cookies["alumni_portal"] = cookie
            #expect(try await browser.get("/my/questions").status == .seeOther)
        }
    }

    @Test("A signed-in person is greeted in their record's language; else the browser's; the switch wins over both")
    func languages() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            browser.language = "de-CH, de;q=0.9, en;q=0.5"
            #expect(try await browser.get("/my/sign-in").text.contains("<html lang=\"de\">"))
            let switched = try await browser.get("/my/language/fi?back=%2Fmy%2Fsign-in")
            #expect(switched.headers[.location] == "/my/sign-in")
            #expect(try await browser.get("/my/sign-in").text.contains("Kirjaudu sisään"))
            #expect(try await browser.get("/my/language/xx").status == .badRequest)
            // The switch sends back to portal pages only.
            let away = try await browser.get("/my/language/da?back=https%3A%2F%2Fevil.example%2F")
            #expect(away.headers[.location] == "/my/questions")
        }
        _ = try server.database.updatePerson(id: 1, with: PersonFields(language: .sv), actor: "setup")
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.requestLink(Self.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            #expect(try await browser.get(link).text.contains("<html lang=\"sv\">"))
            _ = try await browser.press(link)
            let questions = try await browser.get("/my/questions")
            #expect(questions.text.contains("Mina frågor"))
        }
        let mail = try #require(
            try server.database.outboxMessages(status: nil, limit: 10).items.first {
                $0.dedupeKey.hasPrefix("portal-link:")
            })
        #expect(mail.subject == "Din länk för att logga in")
    }
}
