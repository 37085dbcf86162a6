import AlumniCore
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
            try server.database.dueFollowups(through: CalendarDate(iso: "2026-11-18"), limit: 10, as: "test").items
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
