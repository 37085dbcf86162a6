import AlumniCore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniStore

/// The desk on PostgreSQL, through the real application: signing in, the queue, an inquiry's
/// page and steps, and signing out work as on SQLite; the pages that do not run there yet say
/// so with a 501 page.
@Suite("Desk: on PostgreSQL", .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct DeskOnPostgresTests {
    @Test(
        "sign in, the overdue queue, a reply previewed and sent once, a stale step refused, closing, the person and account pages, signing out"
    )
    func workACase() async throws {
        let server = try TestServer(mail: true)
        try server.enableDesk([.hr, .coordinator])
        server.clock.advance(40 * 86400)
        try await server.testOnPostgres { client, postgres in
            let store = Store.postgres(postgres)
            #expect(try await DeskBrowser(client).attempt("hr", password: "wrong password").status == .unauthorized)
            var browser = DeskBrowser(client)
            let signedIn = try await browser.signIn("hr")
            #expect(signedIn.status == .seeOther && browser.cookie != nil)

            let queue = try await browser.get("/?view=overdue").text
            #expect(queue.contains("badge-overdue") && queue.contains("href=\"/inquiries/1\""))
            #expect(queue.contains("Overdue <span class=\"count\">2</span>"))
            #expect(try await browser.get("/?q=odegard").text.contains("href=\"/inquiries/1\""))

            let page = try await browser.get("/inquiries/2").text
            #expect(page.contains("ase@example.no"))
            let fields = DeskBrowser.stepFields(page, ["body": "Your papers are on their way."])
            let preview = try await browser.post("/inquiries/2/reply/preview", fields)
            #expect(preview.text.contains("ase@example.no") && preview.text.contains("Your papers are on their way."))
            for _ in 0..<2 {
                let sent = try await browser.post("/inquiries/2/reply", fields)
                #expect(sent.status == .seeOther && sent.headers[.location] == "/inquiries/2#latest")
            }
            let thread = try await store.thread(ofInquiry: 2, as: "test")
            #expect(thread.filter { $0.kind == .reply }.count == 1, "a reply sent twice is taken once")
            #expect(try await store.outboxMessages(status: nil, limit: 10).items.map(\.recipient) == ["ase@example.no"])

            let replied = try await browser.get("/inquiries/2").text
            _ = try await store.addNote(toInquiry: 2, body: "A colleague wrote meanwhile", actor: "admin")
            let stale = try await browser.post(
                "/inquiries/2/close", DeskBrowser.stepFields(replied, ["resolution": "Done"]))
            #expect(stale.status == .conflict && stale.text.contains("A colleague wrote meanwhile"))
            let fresh = try await browser.get("/inquiries/2").text
            let closed = try await browser.post(
                "/inquiries/2/close", DeskBrowser.stepFields(fresh, ["resolution": "Done"]))
            #expect(closed.status == .seeOther)
            #expect(try await browser.get("/inquiries/2").text.contains("/inquiries/2/reopen"))
            #expect(try await store.inquiry(id: 2, as: "test").status == .closed)

            let person = try await browser.get("/people/1")
            #expect(person.status == .ok && person.text.contains("SECRET-9"), "HR sees the pension on the person page")
            #expect(try await browser.get("/account").text.contains("hr@example.com"))
            #expect(try await browser.get("/mail").status == .ok, "the mail that came in")
            #expect(try await browser.get("/report").text.contains("report-chart"), "the report's charts")
            let campaigns = try await browser.get("/campaigns")
            #expect(campaigns.status == .notImplemented && campaigns.text.contains("PostgreSQL"))
            #expect(try await browser.get("/my/").status == .notImplemented)

            #expect(try await browser.post("/sign-out", [:]).status == .seeOther)
            let after = try await browser.get("/")
            #expect(after.status == .seeOther && after.headers[.location] == "/sign-in")
        }
    }

    @Test("a coordinator's queue has no pension case and its page is a 404 page; farewells and check-ins")
    func coordinatorSeesNoPension() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.testOnPostgres { client, _ in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let queue = try await browser.get("/").text
            #expect(!queue.contains("href=\"/inquiries/1\"") && queue.contains("href=\"/inquiries/2\""))
            #expect(try await browser.get("/inquiries/1").status == .notFound)
            #expect(try await browser.get("/relations").status == .ok, "farewells and check-ins run there")
            #expect(try await browser.get("/home").status == .ok, "the coordinator's overview")
        }
    }
}
