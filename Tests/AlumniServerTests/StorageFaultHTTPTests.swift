import AlumniCore
@_spi(RawDatabase) import AlumniStore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A full disk over HTTP: the API says 507 with a problem detail, the desk its page, `/ready`
/// turns away the load balancer while writes fail, `/metrics` counts it; room again, all is well.
@Suite struct StorageFaultHTTPTests {
    /// Fills the database up to SQLite's page limit (a full disk's SQLITE_FULL) through the store.
    private func fill(_ test: TestServer) throws {
        try test.database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0)")
        }
        #expect(throws: StorageFault.self) {
            for number in 1...5_000 {
                _ = try test.database.addPerson(
                    PersonFields(givenName: "Bo", familyName: "Berg \(number)", kind: .customer), actor: "setup")
            }
        }
    }

    @Test func theAPIAnswers507ReadyTurnsAwayAndMetricsCountUntilThereIsRoom() async throws {
        let test = try TestServer()
        try test.enableDesk([.coordinator])
        var settings = TestServer.quiet
        settings.metrics = .open
        try fill(test)
        try await test.test(settings: settings) { client in
            let body = ByteBuffer(string: #"{"givenName":"Liisa","familyName":"Virtanen","kind":"customer"}"#)
            let refused = try await client.execute(
                uri: "/api/v1/people", method: .post, headers: TestServer.headers(.coordinator), body: body)
            #expect(refused.status.code == 507)
            #expect(
                try refused.json()["detail"] as? String
                    == "the server is out of space to store this; nothing was changed, try again later")
            #expect(try await client.execute(uri: "/ready", method: .get).status == .serviceUnavailable)
            #expect(
                try await client.execute(
                    uri: "/api/v1/people/1", method: .get, headers: TestServer.headers(.coordinator)
                ).status == .ok, "reads go on")
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"alumni_storage_faults_total{kind="full"} 1"#), "\(metrics)")

            var browser = DeskBrowser(client)
            try await browser.signIn("coordinator")
            let page = try await browser.post(
                "/people", ["given_name": "Liisa", "family_name": "Virtanen", "kind": "customer"], from: "/people")
            #expect(page.status.code == 507)
            #expect(page.text.contains("The server is out of space"))

            try await test.database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1000000")
            }
            let stored = try await client.execute(
                uri: "/api/v1/people", method: .post, headers: TestServer.headers(.coordinator), body: body)
            #expect(stored.status == .created)
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
        }
    }
}
