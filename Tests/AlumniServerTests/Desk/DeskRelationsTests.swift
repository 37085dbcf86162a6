import AlumniCore
import AlumniMail
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: farewells and check-ins")
struct DeskRelationsTests {
    /// Åse left six months ago today (her first check-in is due); Mette left this week (her
    /// farewell is about to go out).
    private func departures(_ server: TestServer) throws -> (checkIn: Int64, mette: Person) {
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-05-18")!, reason: nil, actor: "setup")
        let mette = try server.database.addPerson(
            PersonFields(
                givenName: "Mette", familyName: "Hansen", email: "mette@example.dk", country: "DK", kind: .employee,
                externalRef: "E2"), actor: "setup")
        _ = try server.database.recordDeparture(
            id: mette.id, left: CalendarDate(iso: "2026-11-16")!, reason: nil, actor: "setup")
        let checkIn = try #require(
            try server.database.dueFollowups(.by(CalendarDate(iso: "2026-11-18")!), limit: 10, as: "test").items
                .first)
        return (checkIn.id, mette)
    }

    @Test("A coordinator sees the check-ins due and the farewells about to go out, and marks a check-in done")
    func coordinatorMarksACheckInDone() async throws {
        let server = try TestServer()
        try server.enableDesk()
        let (checkIn, mette) = try departures(server)
        try await server.test { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let page = try await coordinator.get("/relations")
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/relations\" aria-current=\"page\""))
            #expect(page.text.contains("Åse Ødegård"))
            #expect(page.text.contains("action=\"/relations/check-ins/\(checkIn)/done\""))
            #expect(page.text.contains("href=\"/people/\(mette.id)\">Mette Hansen</a>"))

            let done = try await coordinator.post(
                "/relations/check-ins/\(checkIn)/done", ["outcome": "returned", "note": "Back in March"],
                from: "/relations")
            #expect(done.status == .seeOther)
            #expect(try server.database.relationsReport(as: "test").boomerangs == 1)
            #expect(!(try await coordinator.get("/relations").text.contains("/relations/check-ins/\(checkIn)/done")))

            let again = try await coordinator.post(
                "/relations/check-ins/\(checkIn)/done", ["outcome": "declined"], from: "/relations")
            #expect(again.status == .badRequest)
            let unknown = try await coordinator.post(
                "/relations/check-ins/\(checkIn + 100)/done", ["outcome": "declined"], from: "/relations")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("A goodbye said another way is recorded from the page and leaves the goodbyes owed")
    func goodbyeSaidAnotherWay() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try server.database.setDoNotContact(personId: 1, true, source: "letter", actor: "setup")
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-11-10")!, reason: nil, actor: "setup")
        let report = try server.database.sendDueFarewells(
            renderer: FarewellMessages(from: Mailbox(address: "desk@example.com"), clock: server.clock))
        #expect(report.skipped == 1)
        try await server.test { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(try await coordinator.get("/relations").text.contains("action=\"/relations/goodbyes/1\""))
            let said = try await coordinator.post(
                "/relations/goodbyes/1", ["note": "Phoned her"], from: "/relations")
            #expect(said.status == .seeOther)
            #expect(!(try await coordinator.get("/relations").text.contains("action=\"/relations/goodbyes/1\"")))
            #expect(try server.database.goodbyesOwed(limit: 10, as: "test").total == 0)
        }
    }

    @Test("A viewer sees the list without forms, and the store refuses their check-in")
    func viewerMayNotRecord() async throws {
        let server = try TestServer()
        try server.enableDesk()
        let (checkIn, _) = try departures(server)
        try await server.test { client in
            var viewer = DeskBrowser(client)
            try await viewer.signIn("viewer")
            let page = try await viewer.get("/relations")
            #expect(page.status == .ok)
            #expect(page.text.contains("Åse Ødegård"))
            #expect(!page.text.contains("/relations/check-ins/\(checkIn)/done"))
            let refused = try await viewer.post(
                "/relations/check-ins/\(checkIn)/done", ["outcome": "returned"], from: "/relations")
            #expect(refused.status == .forbidden)
            #expect(try server.database.relationsReport(as: "test").checkInsDone == 0)
        }
    }
}

@Suite("Desk: the coordinator's overview")
struct DeskHomeTests {
    @Test("A coordinator lands on the overview: check-ins due, farewells, silent departures and campaigns with figures")
    func coordinatorLandsOnTheOverview() async throws {
        let server = try TestServer()
        try server.enableDesk()
        // Åse left six months ago today: her check-in is due. Nils left a month ago and got no goodbye.
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-05-18")!, reason: nil, actor: "setup")
        let nils = try server.database.addPerson(
            PersonFields(
                givenName: "Nils", familyName: "Berg", country: "SE", kind: .employee, externalRef: "E3",
                left: CalendarDate(iso: "2026-10-12")), actor: "setup")
        _ = try server.database.createCampaign(
            NewCampaign(
                name: "Autumn letter", topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "News", body: "Hello")),
            actor: "setup")
        try await server.test { client in
            var coordinator = DeskBrowser(client)
            let signedIn = try await coordinator.signIn("coordinator")
            #expect(signedIn.headers[.location] == "/home")
            let home = try await coordinator.get("/home")
            #expect(home.status == .ok)
            #expect(home.text.contains("href=\"/home\" aria-current=\"page\""))
            #expect(home.text.contains("Åse Ødegård"))
            #expect(home.text.contains("href=\"/people/\(nils.id)\""))
            #expect(home.text.contains("Autumn letter"))
            #expect(home.text.contains("href=\"/\""))

            var hr = DeskBrowser(client)
            #expect(try await hr.signIn("hr").headers[.location] == "/")
            #expect(!(try await hr.get("/").text.contains("href=\"/home\"")))
            #expect(try await hr.get("/home").status == .forbidden)
        }
    }
}
