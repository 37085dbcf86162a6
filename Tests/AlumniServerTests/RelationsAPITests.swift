import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1/farewells` and `/api/v1/followups` answer what the desk's page and the command line show.
@Suite struct RelationsAPITests {
    @Test func checkInsAreListedByDayAndMarkedDoneOnceWithAnIdempotencyKey() async throws {
        let server = try TestServer()
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-05-18")!, reason: nil, actor: "setup")
        try await server.test { client in
            var headers = TestServer.headers(.coordinator)
            let today = try await client.execute(uri: "/api/v1/followups", method: .get, headers: headers)
            #expect(today.status == .ok)
            #expect(today.text.contains(#""due":"2026-11-18""#))
            #expect(today.text.contains(#""personName":"Åse Ødegård""#))
            #expect(!today.text.contains("2027"))
            let all = try await client.execute(uri: "/api/v1/followups?all=true", method: .get, headers: headers)
            #expect(all.text.contains(#""total":2"#))
            let badDay = try await client.execute(uri: "/api/v1/followups?through=soon", method: .get, headers: headers)
            #expect(badDay.status == .badRequest)

            headers[HTTPField.Name("Idempotency-Key")!] = "check-in-1"
            let body = ByteBuffer(string: #"{"outcome":"returned","note":"Back in March"}"#)
            let done = try await client.execute(
                uri: "/api/v1/followups/1/done", method: .post, headers: headers, body: body)
            #expect(done.status == .ok)
            #expect(done.text.contains(#""outcome":"returned""#))
            let replayed = try await client.execute(
                uri: "/api/v1/followups/1/done", method: .post, headers: headers, body: body)
            #expect(replayed.status == .ok)
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try server.database.relationsReport(as: "test").boomerangs == 1)

            headers[HTTPField.Name("Idempotency-Key")!] = nil
            let again = try await client.execute(
                uri: "/api/v1/followups/1/done", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"outcome":"declined"}"#))
            #expect(again.status == .unprocessableContent)
            let unknownOutcome = try await client.execute(
                uri: "/api/v1/followups/2/done", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"outcome":"maybe"}"#))
            #expect(unknownOutcome.status.code == 400 || unknownOutcome.status.code == 422)
        }
    }

    @Test func farewellsAreListedByStatus() async throws {
        let server = try TestServer()
        _ = try server.database.recordDeparture(
            id: 1, left: CalendarDate(iso: "2026-11-16")!, reason: nil, actor: "setup")
        try await server.test { client in
            let headers = TestServer.headers(.viewer)
            let scheduled = try await client.execute(
                uri: "/api/v1/farewells?status=scheduled", method: .get, headers: headers)
            #expect(scheduled.status == .ok)
            #expect(scheduled.text.contains(#""personId":1"#))
            #expect(scheduled.text.contains(#""status":"scheduled""#))
            let sent = try await client.execute(uri: "/api/v1/farewells?status=sent", method: .get, headers: headers)
            #expect(sent.text.contains(#""total":0"#))
            let bad = try await client.execute(uri: "/api/v1/farewells?status=lost", method: .get, headers: headers)
            #expect(bad.status == .badRequest)
            let owed = try await client.execute(uri: "/api/v1/farewells?owed=true", method: .get, headers: headers)
            #expect(owed.text.contains(#""total":0"#))
            let both = try await client.execute(
                uri: "/api/v1/farewells?owed=true&status=sent", method: .get, headers: headers)
            #expect(both.status == .unprocessableContent)
        }
    }
}
