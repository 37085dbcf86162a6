import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: a person and the directory")
struct DeskPersonTests {
    @Test("Editing a person saves; an edit from a page read before someone else's is refused")
    func edit() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let page = try await browser.get("/people/1").text
            let version = try #require(DeskBrowser.hidden("version", in: page))
            server.clock.advance(1)
            let saved = try await browser.post(
                "/people/1/edit", ["version": version, "phone": "+47 22 00 00 00", "tags": "oslo, choir"])
            #expect(saved.status == .seeOther)
            let stale = try await browser.post("/people/1/edit", ["version": version, "phone": "+47 99 99 99 99"])
            #expect(stale.status == .conflict)
        }
        let person = try server.database.person(id: 1, as: "test")
        #expect(person.fields.phone == "+47 22 00 00 00")
        #expect(person.fields.tags == ["choir", "oslo"] || person.fields.tags == ["oslo", "choir"])
    }

    @Test("A person's page shows their farewell and check-ins once they have left")
    func relations() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        _ = try server.database.recordDeparture(
            id: 1, left: try #require(CalendarDate(iso: "2026-11-13")), reason: "retired", actor: "setup")
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let page = try await browser.get("/people/1").text
            #expect(page.contains("Farewell e-mail"))
            #expect(page.contains("Check-in after 6 months"))
            #expect(!page.contains("No farewell or check-in."))
        }
    }

    @Test("A departure is recorded; a bad date names the field and changes nothing")
    func departure() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("hr")
            let bad = try await browser.post("/people/1/departure", ["left": "31/12/2025"], from: "/people/1")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("left"))
            let good = try await browser.post("/people/1/departure", ["left": "2025-12-31", "reason": "retired"])
            #expect(good.status == .seeOther)
        }
        #expect(try server.database.person(id: 1, as: "test").fields.left == CalendarDate(iso: "2025-12-31"))
    }

    @Test("A phone call becomes an inquiry with its deadlines; a coordinator cannot open a pension one")
    func openInquiry() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .coordinator])
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let opened = try await hr.post(
                "/people/1/inquiries",
                ["type": "pension", "channel": "phone", "subject": "Called about ITP", "body": "Asked by phone"])
            #expect(opened.headers[.location] == "/inquiries/4")
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(!(try await coordinator.get("/people/1").text.contains("value=\"pension\"")))
            let refused = try await coordinator.post(
                "/people/1/inquiries", ["type": "pension", "channel": "phone", "subject": "x"])
            #expect(refused.status == .forbidden)
        }
        let inquiry = try server.database.inquiry(id: 4, as: "test")
        #expect(inquiry.channel == .phone)
        #expect(inquiry.owner == "hr")
        #expect(try server.database.inquiries(matching: InquiryQuery(), as: "test").total == 3)
    }

    @Test("HR downloads everything held about a person; a coordinator may not")
    func download() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .coordinator])
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let data = try await hr.get("/people/1/data")
            #expect(data.status == .ok)
            #expect(data.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(data.text.contains("SECRET-9"))
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(try await coordinator.get("/people/1/data").status == .forbidden)
            #expect(!(try await coordinator.get("/people/1").text.contains("/people/1/data")))
        }
    }

    @Test("HR places and lifts a legal hold from the page; a coordinator may not")
    func legalHold() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .coordinator])
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(
                try await hr.post("/people/1/hold", ["hold": "on", "reason": ""], from: "/people/1").status
                    == .badRequest)
            #expect(try await hr.post("/people/1/hold", ["hold": "on", "reason": "a dispute"]).status == .seeOther)
            #expect(try await hr.get("/people/1").text.contains("a dispute"))
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(!(try await coordinator.get("/people/1").text.contains("/people/1/hold")))
            #expect(try await coordinator.post("/people/1/hold", ["hold": "off"]).status == .forbidden)
            #expect(try server.database.legalHold(personId: 1) == "a dispute")
            #expect(try await hr.post("/people/1/hold", ["hold": "off"]).status == .seeOther)
        }
        #expect(try server.database.legalHold(personId: 1) == nil)
    }

    @Test("Only an admin erases, and only after typing the person's name")
    func erase() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .admin])
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(try await hr.post("/people/1/erase", ["confirm": "Åse Ødegård"]).status == .forbidden)
            var admin = DeskBrowser(client)
            try await admin.signIn("admin")
            let wrong = try await admin.post("/people/1/erase", ["confirm": "Ase"])
            #expect(wrong.status == .badRequest)
            #expect(try server.database.person(id: 1, as: "test").erasedAt == nil)
            let erased = try await admin.post("/people/1/erase", ["confirm": "åse ødegård"])
            #expect(erased.headers[.location] == "/people")
            #expect(try await admin.get("/people/1").status == .notFound)
        }
        #expect(try server.database.person(id: 1, as: "test").erasedAt != nil)
    }

    @Test("The directory finds people accent-insensitively and pages through them")
    func directory() async throws {
        let server = try TestServer()
        try server.enableDesk([.viewer])
        for number in 1...60 {
            _ = try server.database.addPerson(
                PersonFields(givenName: "Person", familyName: "Number\(number)", kind: .customer), actor: "setup")
        }
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("viewer")
            let found = try await browser.get("/people?q=odegard").text
            #expect(found.contains("href=\"/people/1\""))
            let first = try await browser.get("/people?kind=customer").text
            #expect(first.contains("1–50 / 60"))
            #expect(first.contains("page=2"))
            #expect(try await browser.get("/people?kind=customer&page=2").text.contains("51–60 / 60"))
            #expect(try await browser.get("/people?left_from=yesterday").status == .badRequest)
            #expect(!(try await browser.get("/people/1").text.contains("/people/1/edit")))
        }
    }

    /// A multipart upload of `csv` as the import form sends it.
    private func upload(_ browser: DeskBrowser, _ csv: String, csrf: String) async throws -> TestResponse {
        let boundary = "----desk-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="csrf"\r
            \r
            \(csrf)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="people.csv"\r
            Content-Type: text/csv\r
            \r
            \(csv)\r
            --\(boundary)--\r

            """
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        headers[.cookie] = "alumni_session=\(browser.cookie ?? "")"
        return try await browser.client.execute(
            uri: "/people/import", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("A CSV upload with a bad row stores nothing and lists the row by line; a good one imports")
    func importUpload() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let csrf = DeskBrowser.hidden("csrf", in: try await browser.get("/people").text)!
            let header = "given_name,family_name,email,kind,country"
            let bad = try await upload(
                browser, "\(header)\nKari,Nordmann,kari@example.no,employee,NO\nOla,Bad,not-an-email,employee,NO",
                csrf: csrf)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains(">3</td>"))
            #expect(bad.text.contains("email"))
            let good = try await upload(browser, "\(header)\nKari,Nordmann,kari@example.no,employee,NO", csrf: csrf)
            #expect(good.status == .ok)
            #expect(
                try await upload(browser, "\(header)\nX,Y,x@example.no,employee,NO", csrf: "forged").status
                    == .forbidden)
        }
        #expect(try server.database.people(matching: PersonQuery(), as: "test").total == 2)
    }

    @Test("Add a person by form; export the filtered directory as CSV")
    func addAndExport() async throws {
        let server = try TestServer()
        try server.enableDesk([.coordinator])
        try await server.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let added = try await browser.post(
                "/people",
                ["given_name": "Liisa", "family_name": "Virtanen", "kind": "customer", "country": "FI"], from: "/people"
            )
            #expect(added.headers[.location] == "/people/2")
            let refused = try await browser.post("/people", ["email": "broken", "kind": "customer"], from: "/people")
            #expect(refused.status == .badRequest)
            let csv = try await browser.get("/people.csv?country=FI")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Virtanen"))
            #expect(!csv.text.contains("Ødegård"))
        }
    }
}
