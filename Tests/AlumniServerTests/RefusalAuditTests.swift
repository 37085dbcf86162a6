import AlumniCore
import AlumniStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The store's refusals over HTTP: the API's 403 and the desk's 403 page are the same refusal,
/// audited with the request that asked; an export from the desk is audited by the store.
@Suite struct RefusalAuditTests {
    private func lastEntry(_ test: TestServer) throws -> AuditEvent {
        try #require(try test.database.auditEvents(limit: 1, as: "test").items.first)
    }

    @Test func theAPIRefusesACoordinatorPensionCasesWith403AndAuditsIt() async throws {
        let test = try TestServer()
        try await test.test { client in
            let response = try await client.execute(
                uri: "/api/v1/inquiries?type=pension", method: .get, headers: TestServer.headers(.coordinator))
            #expect(response.status == .forbidden)
            #expect(try response.json()["detail"] as? String == "the coordinator role may not see pension inquiries")
            let entry = try lastEntry(test)
            #expect(entry.action == "access.denied" && entry.actor == "coordinator")
            #expect(entry.detail == "the coordinator role may not see pension inquiries: GET /api/v1/inquiries")
        }
    }

    @Test func theDeskRefusesTheSameWithItsErrorPageAndAuditsIt() async throws {
        let test = try TestServer()
        try test.enableDesk([.coordinator])
        try await test.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let page = try await browser.get("/?type=pension")
            #expect(page.status == .forbidden)
            #expect(page.text.contains("<html"))
            let entry = try lastEntry(test)
            #expect(entry.action == "access.denied")
            #expect(entry.detail == "the coordinator role may not see pension inquiries: desk GET /")
        }
    }

    @Test func aDeskExportIsAuditedByTheStoreWithItsCount() async throws {
        let test = try TestServer()
        try test.enableDesk([.coordinator])
        try await test.test { client in
            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let csv = try await browser.get("/people.csv?country=NO")
            #expect(csv.status == .ok)
            let entry = try lastEntry(test)
            #expect(entry.action == "people.exported" && entry.actor == "coordinator")
            #expect(entry.detail == "1 people (country=NO) via desk GET /people.csv")
        }
    }
}
