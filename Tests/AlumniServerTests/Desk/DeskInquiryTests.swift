import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: the queue and an inquiry")
struct DeskInquiryTests {
    @Test("The queue shows an overdue badge, views with counts, and finds a case by #INQ-N or an accent-free name")
    func queue() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        server.clock.advance(40 * 86400)
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let queue = try await browser.get("/?view=overdue").text
            #expect(queue.contains("badge-overdue"))
            #expect(queue.contains("href=\"/inquiries/1\""))
            #expect(queue.contains("Overdue <span class=\"count\">2</span>"))
            let byNumber = try await browser.get("/?q=%23INQ-2").text
            #expect(byNumber.contains("href=\"/inquiries/2\"") && !byNumber.contains("href=\"/inquiries/1\""))
            #expect(try await browser.get("/?q=odegard").text.contains("href=\"/inquiries/1\""))
            #expect(try await browser.get("/?q=nobody").text.contains("no inquiry matches"))
            #expect(try await browser.get("/?view=bogus").status == .badRequest)
        }
    }

    @Test("A coordinator's queue has no pension case, and its page is a 404 page")
    func coordinatorSeesNoPension() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let queue = try await browser.get("/").text
            #expect(!queue.contains("href=\"/inquiries/1\""))
            #expect(queue.contains("href=\"/inquiries/2\""))
            let pension = try await browser.get("/inquiries/1")
            #expect(pension.status == .notFound)
            #expect(pension.headers[.contentType]?.hasPrefix("text/html") == true)
            let person = try await browser.get("/people/1").text
            #expect(!person.contains("SECRET-9"))
            #expect(!person.contains("Alecta"))
            #expect(!person.contains("Audit trail"))
        }
    }

    @Test("HR sees the pension on a pension inquiry and the person, each read audited")
    func pensionForHR() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            #expect(try await browser.get("/inquiries/1").text.contains("SECRET-9"))
            #expect(try await browser.get("/people/1").text.contains("SECRET-9"))
        }
        let reads = try server.database.auditEvents(personId: 1, limit: 100, as: "test").items.filter {
            $0.action.hasPrefix("pension.") && $0.actor == "hr"
        }
        #expect(reads.count == 2)
    }

    @Test("A reply shows the exact e-mail first, then goes through the outbox once, however often it is sent")
    func replyOnce() async throws {
        let server = try TestServer(mail: true)
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let page = try await browser.get("/inquiries/2").text
            let fields = DeskBrowser.stepFields(page, ["body": "Your papers are on their way."])
            let preview = try await browser.post("/inquiries/2/reply/preview", fields)
            #expect(preview.text.contains("ase@example.no"))
            #expect(preview.text.contains("Your papers are on their way."))
            #expect(try server.database.thread(ofInquiry: 2, as: "test").count == 1)
            for _ in 0..<2 {
                let sent = try await browser.post("/inquiries/2/reply", fields)
                #expect(sent.status == .seeOther)
                #expect(sent.headers[.location] == "/inquiries/2#latest")
            }
            #expect(try await browser.get("/inquiries/2").text.contains("Your papers are on their way."))
        }
        #expect(try server.database.thread(ofInquiry: 2, as: "test").filter { $0.kind == .reply }.count == 1)
        let queued = try server.database.outboxMessages(status: nil, limit: 10).items
        #expect(queued.count == 1)
        #expect(queued.first?.recipient == "ase@example.no")
    }

    @Test("A step from a page that is out of date is refused with the fresh view, and nothing changes")
    func staleStep() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let page = try await browser.get("/inquiries/2").text
            _ = try server.database.addNote(toInquiry: 2, body: "A colleague wrote meanwhile", actor: "admin")
            let stale = try await browser.post(
                "/inquiries/2/close", DeskBrowser.stepFields(page, ["resolution": "Done"]))
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("Someone changed this inquiry"))
            #expect(stale.text.contains("A colleague wrote meanwhile"))
        }
        #expect(try server.database.inquiry(id: 2, as: "test").status == .open)
    }

    @Test("Extend with a reason, assign and close from the page, each recorded in the thread")
    func stepsFromThePage() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            for (path, extra) in [
                ("extend", ["months": "1", "reason": "Waiting for the pension fund"]),
                ("assign", ["owner": "coordinator"]), ("close", ["resolution": "Sent the certificate"]),
            ] {
                let page = try await browser.get("/inquiries/1").text
                #expect(
                    try await browser.post("/inquiries/1/\(path)", DeskBrowser.stepFields(page, extra)).status
                        == .seeOther)
            }
            let page = try await browser.get("/inquiries/1").text
            #expect(page.contains("Waiting for the pension fund"))
            #expect(page.contains("Sent the certificate"))
            #expect(page.contains("/inquiries/1/reopen"))
        }
        let inquiry = try server.database.inquiry(id: 1, as: "test")
        #expect(inquiry.owner == "coordinator")
        #expect(inquiry.status == .closed)
    }

    @Test("A viewer sees no action and is refused with a 403 page when posting anyway")
    func viewerReadOnly() async throws {
        let server = try TestServer()
        try server.enableDesk([.viewer])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("viewer")
            let page = try await browser.get("/inquiries/2").text
            #expect(!page.contains("/inquiries/2/reply/preview"))
            #expect(!(try await browser.get("/").text.contains("name=\"id\"")))
            let post = try await browser.post("/inquiries/2/note", ["seen": "2", "form_key": "k", "body": "x"])
            #expect(post.status == .forbidden)
            #expect(try await browser.post("/queue/assign", ["id": "2", "owner": "viewer"]).status == .forbidden)
            #expect(try await browser.get("/staff").status == .forbidden)
        }
        #expect(try server.database.thread(ofInquiry: 2, as: "test").count == 1)
        #expect(try server.database.inquiry(id: 2, as: "test").owner == nil)
    }

    @Test("Ticked rows are assigned together, and one owner's cases move to another")
    func bulkAssign() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let csrf = DeskBrowser.hidden("csrf", in: try await browser.get("/").text)!
            let assigned = try await browser.postForm(
                "/queue/assign",
                [("csrf", csrf), ("id[]", "1"), ("id[]", "2"), ("owner", "viewer"), ("back", "/?view=mine")])
            #expect(assigned.headers[.location] == "/?view=mine")
            #expect(try await browser.post("/queue/reassign", ["from": "viewer", "to": "hr"]).status == .seeOther)
            #expect(try await browser.get("/?view=mine").text.contains("Mine <span class=\"count\">2</span>"))
            #expect(try await browser.post("/queue/reassign", ["from": "", "to": "hr"]).status == .badRequest)
        }
        #expect(try [1, 2].map { try server.database.inquiry(id: $0, as: "test").owner } == ["hr", "hr"])
    }

    @Test("Unknown ids are 404 pages in the desk's style with a way back")
    func notFound() async throws {
        let server = try TestServer()
        try server.enableDesk([.admin])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("admin")
            for path in ["/inquiries/999", "/people/999", "/inquiries/abc"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound)
                #expect(response.text.contains("Back to the queue"))
            }
        }
    }

    @Test("The desk speaks Swedish to a Swedish browser")
    func swedish() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            browser.language = "sv-SE,sv;q=0.9,en;q=0.5"
            try await browser.signIn("hr")
            let queue = try await browser.get("/").text
            #expect(queue.contains("<html lang=\"sv\">"))
            #expect(queue.contains("Alla öppna"))
        }
    }
}
