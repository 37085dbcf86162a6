import AlumniCore
import AlumniServer
@_spi(RawDatabase) import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: asking without being in the directory")
struct PortalRegistrationTests {
    static let form = [
        "given_name": "Karin", "family_name": "Lund", "email": "karin.lund@example.se", "kind": "employee",
        "period": "2004 to 2011, Malmö", "topic": "certificate", "question": "I need a certificate of my employment.",
    ]

    private func confirmationLink(_ server: TestServer, to address: String = "karin.lund@example.se") throws -> String?
    {
        let mail = try server.database.outboxMessages(status: nil, limit: 20).items.first {
            $0.dedupeKey.hasPrefix("portal-registration:") && $0.recipient == address
        }
        let payload = try mail.map { try JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: Any] }
        let text = payload??["text"] as? String ?? ""
        return text.firstMatch(of: /\/my\/confirm\/[A-Za-z0-9_\-.]+/).map { String($0.output) }
    }

    private func people(_ server: TestServer) async throws -> Int {
        try await server.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0 }
    }

    @Test("Nothing is created until the link is pressed; then the person is added, marked, asked for, and signed in")
    func confirm() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            browser.language = "sv"
            let sent = try await browser.post("/my/ask", Self.form, tokenFrom: "/my/ask")
            #expect(sent.status == .ok)
            #expect(try await people(server) == 1)
            let link = try #require(try confirmationLink(server))
            #expect(try await browser.get(link).status == .ok)
            #expect(try await people(server) == 1, "opening the link creates nothing")
            let confirmed = try await browser.press(link)
            #expect(confirmed.headers[.location] == "/my/questions/4?asked")
            let page = try await browser.get("/my/questions/4?asked")
            #expect(page.text.contains("Ett tjänstgöringsintyg eller en referens"))
            #expect(try await browser.press(link).status == .notFound, "used once")
            var desk = DeskBrowser(client)
            try await desk.signIn("hr")
            #expect(
                try await desk.get("/people/2").text.contains("Asked through the portal without being in the directory")
            )
        }
        let person = try server.database.person(id: 2, as: "test")
        #expect(person.fields.email == "karin.lund@example.se")
        #expect(person.fields.language == .sv)
        #expect(person.fields.kind == .employee)
        let inquiry = try server.database.inquiry(id: 4, as: "test")
        #expect(inquiry.channel == .portal && inquiry.type == .general && inquiry.personId == 2)
        #expect(
            try server.database.thread(ofInquiry: 4, as: "test").first?.body?.contains("2004 to 2011, Malmö") == true)
    }

    @Test("An unconfirmed question expires after a day, and nothing of it is kept")
    func expiry() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            _ = try await browser.post("/my/ask", Self.form, tokenFrom: "/my/ask")
            let link = try #require(try confirmationLink(server))
            server.clock.advance(86_400)
            #expect(try await browser.press(link).status == .gone)
        }
        try server.database.purgeStalePortalRecords()
        let waiting = try await server.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM portal_registration") ?? -1
        }
        #expect(waiting == 0)
        #expect(try await people(server) == 1)
    }

    @Test("An address already in the directory gets the same page; confirming files the question on that person")
    func knownAddress() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            let unknown = try await browser.post("/my/ask", Self.form, tokenFrom: "/my/ask")
            var known = Self.form
            known["email"] = PortalSignInTests.known
            let answer = try await browser.post("/my/ask", known, tokenFrom: "/my/ask")
            #expect(answer.text == unknown.text)
            let link = try #require(try confirmationLink(server, to: PortalSignInTests.known))
            _ = try await browser.press(link)
        }
        #expect(try await people(server) == 1)
        #expect(try server.database.inquiry(id: 4, as: "test").personId == 1)
    }

    @Test("A form without a name or with a wrong address is sent back naming the field, and nothing is sent")
    func invalid() async throws {
        let server = try TestServer()
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            var form = Self.form
            form["family_name"] = " "
            form["email"] = "karin"
            let refused = try await browser.post("/my/ask", form, tokenFrom: "/my/ask")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("family_name: is required"))
            #expect(refused.text.contains("value=\"Karin\""))
        }
        #expect(try confirmationLink(server, to: "karin") == nil)
    }
}
