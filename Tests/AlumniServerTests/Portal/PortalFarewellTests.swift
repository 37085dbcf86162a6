import AlumniCore
import AlumniMail
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: feedback on a farewell")
struct PortalFarewellTests {
    /// Person #1 leaves and their farewell goes out; the link in it.
    private func farewell(_ server: TestServer) async throws -> String {
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-11-16")!, reason: "new job", actor: "setup")
        server.clock.advance(3 * 86_400)
        let report = try await server.jobs().sendFarewells()
        #expect(report.sent == 1)
        let mail = try #require(
            try server.database.outboxMessages(status: nil, limit: 20).items.first {
                $0.dedupeKey.hasPrefix("farewell:")
            })
        let payload = try JSONSerialization.jsonObject(with: Data(mail.payload.utf8)) as? [String: Any]
        let text = payload?["text"] as? String ?? ""
        return try #require(text.firstMatch(of: /\/my\/farewell\/[A-Za-z0-9_\-.]+/).map { String($0.output) })
    }

    @Test("The farewell e-mail links to a page that records the reasons, the score, coming back and a consent")
    func answer() async throws {
        let server = try TestServer()
        let link = try await farewell(server)
        try await server.test { client in
            var browser = PortalBrowser(client)
            let page = try await browser.get(link)
            #expect(page.status == .ok)
            #expect(page.text.contains("value=\"new-job\""))
            #expect(!page.text.contains("value=\"competitor\""), "a former employee is offered an employee's reasons")
            let sent = try await browser.postForm(
                link,
                [
                    ("reasons[]", "new-job"), ("reasons[]", "pay"), ("words", "Great team, low pay."),
                    ("score", "9"), ("coming_back", "maybe"), ("openings", "on"),
                ], tokenFrom: link)
            #expect(sent.status == .ok)
            #expect(sent.text.contains("We have your answer"))
            // A second visit shows the answer and may change it.
            let again = try await browser.get(link)
            #expect(again.text.contains("value=\"9\" required checked"))
            #expect(again.text.contains("Great team, low pay."))
        }
        let person = try server.database.person(id: 1, as: "test")
        #expect(person.fields.sentiment == .ambassador)
        let preferences = try server.database.preferences(personId: 1, as: "test")
        #expect(preferences.allows(.jobs, on: .email))
        #expect(preferences.consents.first { $0.topic == .jobs }?.source == "farewell feedback")
        let record = try server.database.personRecord(id: 1, as: "test")
        #expect(record.farewellFeedback.map(\.feedback.reasons) == [[.newJob, .pay]])
    }

    @Test("Changing the answer keeps one answer per farewell: a low score makes a detractor, no openings withdraws")
    func change() async throws {
        let server = try TestServer()
        let link = try await farewell(server)
        try await server.test { client in
            var browser = PortalBrowser(client)
            for (score, openings) in [("10", true), ("3", false)] {
                var fields = [("score", score), ("coming_back", "no")]
                if openings { fields.append(("openings", "on")) }
                let sent = try await browser.postForm(link, fields, tokenFrom: link)
                #expect(sent.status == .ok)
            }
        }
        #expect(try server.database.person(id: 1, as: "test").fields.sentiment == .detractor)
        #expect(!(try server.database.preferences(personId: 1, as: "test").allows(.jobs, on: .email)))
        #expect(try server.database.personRecord(id: 1, as: "test").farewellFeedback.count == 1)
        let month = try #require(try server.database.report(months: 1, as: "test").farewellFeedback.last)
        #expect(month.answers == 1)
        #expect(month.netPromoterScore == -100)
        #expect(month.openToReturnPercent == 0)
    }

    @Test("A tampered link, one of revoked links, or a reason not offered is refused; the desk shows the answer")
    func refusals() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        let link = try await farewell(server)
        try await server.test { client in
            var browser = PortalBrowser(client)
            #expect(try await browser.get(link + "x").status == .notFound)
            let stranger = try await browser.postForm(
                link, [("score", "8"), ("reasons[]", "competitor")], tokenFrom: link)
            #expect(stranger.status == .badRequest)
            #expect(try await browser.postForm(link, [("score", "8")], tokenFrom: link).status == .ok)
            var desk = DeskBrowser(client)
            try await desk.signIn("hr")
            #expect(try await desk.get("/people/1").text.contains("Would recommend us: 8 of 10"))
        }
        try server.database.revokeLinks(personId: 1, actor: "test")
        try await server.test { client in
            var browser = PortalBrowser(client)
            let revoked = try await browser.get(link)
            #expect(revoked.status == .notFound)
        }
    }
}
