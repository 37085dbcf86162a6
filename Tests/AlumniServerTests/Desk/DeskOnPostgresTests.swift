import AlumniCore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniStore

/// The desk on PostgreSQL, through the real application: signing in, the queue, an inquiry's
/// page and steps, campaigns, and signing out work as on SQLite.
@Suite("Desk: on PostgreSQL", .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct DeskOnPostgresTests {
    @Test(
        "sign in, the overdue queue, a reply previewed and sent once, a stale step refused, closing, the person and account pages, signing out"
    )
    func workACase() async throws {
        let server = try TestServer(mail: true)
        try server.enableDesk([.hr, .coordinator])
        server.clock.advance(40 * 86400)
        try await server.testOnPostgres { client, postgres, _ in
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

            #expect(try await browser.post("/sign-out", [:]).status == .seeOther)
            let after = try await browser.get("/")
            #expect(after.status == .seeOther && after.headers[.location] == "/sign-in")
        }
    }

    @Test("backups set for a server on PostgreSQL are not attempted: it says PostgreSQL's own tools take them")
    func noBackupsOnPostgres() async throws {
        let server = try TestServer()
        var settings = TestServer.quiet
        settings.backups = BackupSchedule(folder: "/var/backups/alumni", time: DailyTime(minuteOfDay: 120), keep: 7)
        let logs = LogRecorder()
        try await server.testOnPostgres(settings: settings, logs: logs) { client, _, _ in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(
                health.status == .ok && health.text.contains(#""database":"reachable""#),
                "the server reaches PostgreSQL")
        }
        let warning = logs.entries.first { $0.message.hasPrefix("backups are not taken on PostgreSQL") }
        #expect(warning?.level == .warning && warning?.metadata["backup.folder"] == "/var/backups/alumni")
    }

    @Test("a coordinator's queue has no pension case and its page is a 404 page; farewells and check-ins")
    func coordinatorSeesNoPension() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.testOnPostgres { client, _, _ in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let queue = try await browser.get("/").text
            #expect(!queue.contains("href=\"/inquiries/1\"") && queue.contains("href=\"/inquiries/2\""))
            #expect(try await browser.get("/inquiries/1").status == .notFound)
            #expect(try await browser.get("/relations").status == .ok, "farewells and check-ins run there")
            #expect(try await browser.get("/home").status == .ok, "the coordinator's overview")
        }
    }

    @Test("a coordinator counts, creates, translates, previews, tests and sends a campaign once; the server queues it")
    func campaignOnce() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try server.database.setConsent(
            personId: 1, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        try await server.testOnPostgres(notifications: true) { client, postgres, jobs in
            let store = Store.postgres(postgres)
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let form = try await coordinator.get("/campaigns/new")
            let csrf = try #require(DeskBrowser.hidden("csrf", in: form.text))
            let fields: [(String, String)] = [
                ("csrf", csrf), ("name", "Winter news"), ("topic", "newsletter"), ("language", "en"),
                ("subject", "News for {{given_name}}"), ("body", "Hello **{{given_name}}**"),
            ]
            let count = try await coordinator.postForm("/campaigns/count", fields)
            #expect(count.status == .ok && count.text.contains("Would get it: 1</strong>"))
            let created = try await coordinator.postForm("/campaigns", fields)
            let page = try #require(created.headers[.location])
            #expect(created.status == .seeOther && page.hasPrefix("/campaigns/"))
            let translated = try await coordinator.post(
                "\(page)/templates", ["language": "da", "subject": "Nyheder", "body": "Hej {{given_name}}"], from: page)
            #expect(translated.status == .seeOther)
            #expect(try await coordinator.get(page).text.contains("Dansk: Nyheder"))
            let preview = try await coordinator.get("\(page)/preview?person=1")
            #expect(preview.status == .ok && preview.text.contains("/unsubscribe/"))
            let test = try await coordinator.post("\(page)/test", ["to": "coordinator@example.com"], from: page)
            #expect(test.status == .seeOther)
            #expect(try await coordinator.get("\(page)/audience").text.contains("Would get it: 1"))

            let sendForm = try await coordinator.get(page)
            let token = try #require(DeskBrowser.hidden("csrf", in: sendForm.text))
            for _ in 0..<2 {
                let sent = try await coordinator.postForm("\(page)/send", [("csrf", token), ("when", "now")])
                #expect(sent.status == .seeOther)
            }
            let starts = try await store.auditEvents(limit: 50, as: "test").items.filter {
                $0.action == "campaign.sending"
            }
            #expect(starts.count == 1, "sending starts once")
            try await #require(jobs).queueStartedCampaigns()
            try await #require(jobs).queueStartedCampaigns()
            let live =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await coordinator.get("\(page)/progress").body)) as? [String: Any]
            #expect(live?["status"] as? String == "queued")
            #expect((live?["progress"] as? [String: Int])?["queued"] == 1, "queued twice, one message")
            let recipients = try await store.outboxMessages(status: .queued, limit: 10).items.map(\.recipient)
            #expect(recipients.sorted() == ["coordinator@example.com", "ase@example.no"].sorted())
        }
    }
}
