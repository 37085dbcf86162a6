import AlumniCore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniStore

/// Two instances of the application on one PostgreSQL database, as behind a load balancer:
/// everything a request needs is in the database, so any instance serves any request.
@Suite("Several instances", .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct TwoInstancesTests {
    @Test("signed in on A, a case opened and answered on B with A's form token; signed out on A, B refuses")
    func oneSessionTwoInstances() async throws {
        let server = try TestServer(mail: true)
        try server.enableDesk([.hr])
        try await server.testOnTwoInstances { clientA, clientB, postgres in
            var onA = DeskBrowser(clientA)
            try await onA.signIn("hr")
            var onB = DeskBrowser(clientB)
            onB.cookie = onA.cookie
            let page = try await onB.get("/inquiries/2")
            #expect(page.status == .ok && page.text.contains("ase@example.no"), "B knows A's session")
            let csrf = try #require(DeskBrowser.hidden("csrf", in: try await onA.get("/").text))
            var fields = DeskBrowser.stepFields(page.text, ["body": "Answered from B."])
            fields["csrf"] = csrf
            let replied = try await onB.post("/inquiries/2/reply", fields)
            #expect(replied.status == .seeOther, "A's form token is good on B")
            let thread = try await Store.postgres(postgres).thread(ofInquiry: 2, as: "test")
            #expect(thread.contains { $0.kind == .reply && $0.body == "Answered from B." })
            #expect(try await onA.post("/sign-out", [:]).status == .seeOther)
            let after = try await onB.get("/")
            #expect(after.status == .seeOther && after.headers[.location] == "/sign-in", "signed out everywhere")
        }
    }

    @Test("an idempotent POST retried on the other instance gives the first response")
    func idempotencyAcrossInstances() async throws {
        let server = try TestServer()
        try await server.testOnTwoInstances { clientA, clientB, _ in
            let body = ByteBuffer(string: #"{"givenName":"Ida","familyName":"Twice","kind":"customer"}"#)
            let headers = TestServer.headers(.admin, [HTTPField.Name("Idempotency-Key")!: "add-ida"])
            let first = try await clientA.execute(uri: "/api/v1/people", method: .post, headers: headers, body: body)
            let retried = try await clientB.execute(uri: "/api/v1/people", method: .post, headers: headers, body: body)
            #expect(first.status == .created && retried.status == .created)
            #expect(retried.text == first.text && retried.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let found = try await clientB.execute(
                uri: "/api/v1/people?search=ida%20twice", method: .get, headers: TestServer.headers(.admin))
            #expect(found.text.contains(#""total":1"#), "one person, however many instances were asked")
        }
    }

    @Test("a closing day set through A moves a deadline B computes at once: nothing of it is cached")
    func settingsAcrossInstances() async throws {
        let server = try TestServer()
        try await server.testOnTwoInstances { _, clientB, postgres in
            func opened() async throws -> String {
                let inquiry = ByteBuffer(string: #"{"personId":1,"type":"general","subject":"Closing day"}"#)
                let response = try await clientB.execute(
                    uri: "/api/v1/inquiries", method: .post, headers: TestServer.headers(.admin), body: inquiry)
                return try #require(response.text.firstMatch(of: /"firstResponseDue":"([^"]+)"/).map { String($0.1) })
            }
            let before = try await opened()
            // Through A's store: the working days right after the inquiry comes in are closed.
            for day in ["2026-11-19", "2026-11-20", "2026-11-23"] {
                try await Store.postgres(postgres).addClosingDay(
                    CalendarDate(iso: day)!, reason: "Staff days", actor: "admin")
            }
            let after = try await opened()
            #expect(after > before, "the deadline B computed skips the day A closed (\(before) → \(after))")
        }
    }
}
