import AlumniCore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniStore

/// The alumni portal on PostgreSQL, through the real application: a former employee signs in
/// with the link from their e-mail, asks a question with a file, writes on it, reads their
/// records, details and messages, and signs out, as on SQLite.
@Suite("Portal: on PostgreSQL", .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PortalOnPostgresTests {
    @Test("sign in by link, ask with a file, reply, records, details and messages, sign out")
    func signInAndAsk() async throws {
        let server = try TestServer(mail: true)
        try await server.testOnPostgres(notifications: true) { client, postgres, _ in
            let store = Store.postgres(postgres)
            var browser = PortalBrowser(client)
            #expect(try await browser.get("/my/questions").headers[.location] == "/my/sign-in")
            #expect(try await browser.requestLink(PortalSignInTests.known).text.contains("Check your e-mail"))
            let link = try #require(try await PortalBrowser.newestLink(in: store))
            #expect(try await browser.get(link).status == .ok, "opening the link uses nothing up")
            let pressed = try await browser.press(link)
            #expect(pressed.status == .seeOther && pressed.headers[.location] == "/my/questions")
            var other = PortalBrowser(client)
            #expect(try await other.press(link).status == .gone, "a link signs in once")

            let asked = try await browser.postFiles(
                "/my/questions", ["topic": "pension", "question": "Where did my ITP go after 2019?"],
                files: [(filename: "slip.pdf", data: Data("%PDF-1.4\nslip\n".utf8))], tokenFrom: "/my/questions/new")
            #expect(asked.status == .seeOther, "\(asked.text)")
            let question = try #require(asked.headers[.location]?.split(separator: "?").first.map(String.init))
            let page = try await browser.get(question)
            #expect(page.text.contains("Where did my ITP go after 2019?") && page.text.contains("slip.pdf"))
            let replied = try await browser.post(
                question + "/reply", ["message": "One more thing."], tokenFrom: question)
            #expect(replied.status == .seeOther)
            #expect(try await browser.get("/my/questions").text.contains("href=\"\(question)\""))
            let id = try #require(Int64(question.split(separator: "/").last ?? ""))
            let thread = try await store.thread(ofInquiry: id, as: "test")
            #expect(
                thread.filter { $0.kind == .inbound }.map(\.body) == [
                    "Where did my ITP go after 2019?", "One more thing.",
                ])

            #expect(try await browser.get("/my/employment").text.contains("SECRET-9"), "their own pension")
            let details = try await browser.post(
                "/my/details",
                [
                    "given_name": "Åse", "family_name": "Ødegård", "phone": "+47 900 00 000", "address": "",
                    "language": "nb",
                ],
                tokenFrom: "/my/details")
            #expect(details.status == .seeOther, "\(details.text)")
            #expect(try await store.person(id: 1, as: "test").fields.phone == "+47 900 00 000")
            #expect(try await browser.get("/my/messages").status == .ok)
            #expect(try await browser.get("/my/data").status == .ok)

            #expect(try await browser.post("/my/sign-out", [:], tokenFrom: "/my/questions").status == .seeOther)
            #expect(try await browser.get("/my/questions").headers[.location] == "/my/sign-in")
            let audit = try await store.auditEvents(personId: 1, limit: 50, as: "admin").items.map(\.action)
            #expect(audit.contains("portal.signed-in") && audit.contains("portal.signed-out"))
        }
    }
}
