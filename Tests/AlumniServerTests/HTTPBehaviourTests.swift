import AlumniCore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniServer
@_spi(RawDatabase) @testable import AlumniStore

@Suite struct HTTPBehaviourTests {
    private func post(
        _ client: any TestClientProtocol, _ uri: String, _ body: String, role: StaffRole = .admin,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = TestServer.headers(role)
        for field in extra { headers[field.name] = field.value }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func badBodiesAreFourHundredsThatNameTheFieldAndStoreNothing() async throws {
        let server = try TestServer()
        try await server.test { client in
            let malformed = try await post(client, "/api/v1/people", #"{"givenName": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers[.contentType] == "application/problem+json")

            let wrongType = try await post(
                client, "/api/v1/people", #"{"givenName": 42, "familyName": "B", "kind": "customer"}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(try (wrongType.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "givenName")

            let unknownEnum = try await post(
                client, "/api/v1/people", #"{"givenName": "A", "familyName": "B", "kind": "alien"}"#)
            #expect(unknownEnum.status == .unprocessableContent)
            #expect(unknownEnum.text.contains("kind"))

            let invalid = try await post(
                client, "/api/v1/people",
                #"{"givenName": "A", "familyName": "B", "kind": "customer", "email": "nope", "country": "XX"}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = try (invalid.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["email", "country"])

            let badDate = try await post(client, "/api/v1/people/1/departure", #"{"left": "2024-02-30"}"#)
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.text.contains("left"))

            let huge = try await post(
                client, "/api/v1/people", "{\"givenName\": \"\(String(repeating: "x", count: 300_000))\"}")
            #expect(huge.status == .contentTooLarge)

            let badQuery = try await client.execute(
                uri: "/api/v1/people?leftAfter=yesterday", method: .get, headers: TestServer.headers(.admin))
            #expect(badQuery.status == .badRequest)
            #expect(badQuery.text.contains("leftAfter"))

            let unknown = try await client.execute(
                uri: "/api/v1/people/999", method: .get, headers: TestServer.headers(.admin))
            #expect(unknown.status == .notFound)
            let notAnId = try await client.execute(
                uri: "/api/v1/people/abc", method: .get, headers: TestServer.headers(.admin))
            #expect(notAnId.status == .notFound)

            // No stored text holds a NUL character (PostgreSQL's cannot): refused on both stores alike.
            let nul = try await post(
                client, "/api/v1/people", #"{"givenName": "A", "familyName": "B\u0000", "kind": "customer"}"#)
            #expect(nul.status == .unprocessableContent)
            #expect(try (nul.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "familyName")
            let nulQuery = try await client.execute(
                uri: "/api/v1/people?country=N%00O", method: .get, headers: TestServer.headers(.admin))
            #expect(nulQuery.status == .unprocessableContent && nulQuery.text.contains("country"))
            let badThrough = try await client.execute(
                uri: "/api/v1/followups?all=true&through=soon", method: .get, headers: TestServer.headers(.admin))
            #expect(badThrough.status == .badRequest && badThrough.text.contains("through"))
        }
        #expect(try server.database.people(matching: PersonQuery(), as: "test").total == 1)
    }

    @Test func aRetriedWriteWithTheSameKeyChangesNothing() async throws {
        let server = try TestServer()
        let body = #"{"givenName": "Mette", "familyName": "Kjær", "kind": "customer"}"#
        try await server.test { client in
            let first = try await post(client, "/api/v1/people", body, headers: [.idempotencyKey: "create-mette"])
            let second = try await post(client, "/api/v1/people", body, headers: [.idempotencyKey: "create-mette"])
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            #expect(second.headers[.idempotentReplayed] == "true")
            let different = try await post(
                client, "/api/v1/people", #"{"givenName": "Other", "familyName": "X", "kind": "customer"}"#,
                headers: [.idempotencyKey: "create-mette"])
            #expect(different.status == .unprocessableContent)
        }
        #expect(try server.database.people(matching: PersonQuery(), as: "test").total == 2)
    }

    @Test func aRetryAfterTheResponseWasLostIsAConflictAndWritesNothing() async throws {
        let server = try TestServer()
        let body = #"{"givenName": "Mette", "familyName": "Kjær", "kind": "customer"}"#
        try await server.test { client in
            let first = try await post(client, "/api/v1/people", body, headers: [.idempotencyKey: "create-mette"])
            #expect(first.status == .created)
            // What a crash after the write's commit, before its response was kept, leaves behind.
            try await server.database.writer.write { db in
                try db.execute(sql: "UPDATE idempotency_record SET answered = 0, status = 0, body = x''")
            }
            let retry = try await post(client, "/api/v1/people", body, headers: [.idempotencyKey: "create-mette"])
            #expect(retry.status == .conflict)
            #expect(retry.text.contains("Idempotency-Key"))
        }
        #expect(try server.database.people(matching: PersonQuery(), as: "test").total == 2)
    }

    @Test func updatesNeedTheCurrentETag() async throws {
        let server = try TestServer()
        try await server.test { client in
            let read = try await client.execute(uri: "/api/v1/people/1", method: .get, headers: TestServer.headers(.hr))
            let etag = try #require(read.headers[.eTag])
            var headers = TestServer.headers(.hr)
            let missing = try await client.execute(
                uri: "/api/v1/people/1", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"phone": "+47 1234"}"#))
            #expect(missing.status == .preconditionRequired)

            headers[.ifMatch] = etag
            server.clock.advance(1)  // the edit comes a second after the read
            let first = try await client.execute(
                uri: "/api/v1/people/1", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"phone": "+47 1234"}"#))
            #expect(first.status == .ok)
            #expect(first.headers[.eTag] != etag)
            let stale = try await client.execute(
                uri: "/api/v1/people/1", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"phone": "+47 9999"}"#))
            #expect(stale.status == .preconditionFailed)
        }
        #expect(try server.database.person(id: 1, as: "test").fields.phone == "+47 1234")
    }

    @Test func revokedExpiredAndDisabledTokensAreRefused() async throws {
        let server = try TestServer()
        try server.database.disableUser(name: "viewer", actor: "admin")
        try server.database.revokeToken(id: 1, actor: "admin")  // admin's token
        try await server.test { client in
            for role in [StaffRole.viewer, .admin] {
                let response = try await client.execute(
                    uri: "/api/v1/people", method: .get, headers: TestServer.headers(role))
                #expect(response.status == .unauthorized, "\(role)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            var wrong = TestServer.headers(nil)
            wrong[.authorization] = "Bearer not-a-token"
            #expect(
                try await client.execute(uri: "/api/v1/people", method: .get, headers: wrong).status == .unauthorized)
            #expect(
                try await client.execute(uri: "/api/v1/people", method: .get, headers: TestServer.headers(.hr)).status
                    == .ok)
        }
    }

    @Test func pensionReadsAreAuditedWithTheReader() async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(
                uri: "/api/v1/people/1/pensions", method: .get, headers: TestServer.headers(.hr))
            #expect(response.text.contains("SECRET-9"))
            let list = try await client.execute(
                uri: "/api/v1/people/1", method: .get, headers: TestServer.headers(.coordinator))
            #expect(!list.text.contains("SECRET-9"))
        }
        let read = try server.database.auditEvents(personId: 1, limit: 1, as: "test").items.first
        #expect(read?.action == "pension.read" && read?.actor == "hr")
    }

    @Test func coordinatorsDoNotSeeRestrictedInquiriesInLists() async throws {
        let server = try TestServer()
        try await server.test { client in
            let all = try await client.execute(uri: "/api/v1/inquiries", method: .get, headers: TestServer.headers(.hr))
            #expect(try all.json()["total"] as? Int == 2)
            let visible = try await client.execute(
                uri: "/api/v1/inquiries", method: .get, headers: TestServer.headers(.coordinator))
            #expect(try visible.json()["total"] as? Int == 1)
            let pension = try await client.execute(
                uri: "/api/v1/inquiries?type=pension", method: .get, headers: TestServer.headers(.coordinator))
            #expect(pension.status == .forbidden)
        }
    }

    @Test func inquiryStepsThatBreakTheRulesAreConflicts() async throws {
        let server = try TestServer()
        try await server.test { client in
            let closed = try await post(client, "/api/v1/inquiries/3/reply", #"{"body": "More"}"#)
            #expect(closed.status == .conflict)
            let tooLong = try await post(client, "/api/v1/inquiries/1/extend", #"{"months": 3, "reason": "x"}"#)
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.text.contains("at most 2 months"))
            let notAnObject = try await post(client, "/api/v1/inquiries/3/reopen", "352")
            #expect(notAnObject.status == .unprocessableContent)
            #expect(try server.database.inquiry(id: 3, as: "test").status == .closed)
        }
    }

    /// Each query parameter is fine on its own; asking for both spans, or neither, breaks a rule.
    @Test func aCalendarSumNeedsExactlyOneSpan() async throws {
        let server = try TestServer()
        try await server.test { client in
            for query in ["", "&businessDays=3&months=1"] {
                let response = try await client.execute(
                    uri: "/api/v1/calendar/add?country=DK&from=2026-11-20\(query)", method: .get,
                    headers: TestServer.headers(.admin))
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("businessDays"))
            }
        }
    }

    /// Well-formed dates and counts whose sum leaves the years whose holidays are known.
    @Test func aCalendarSumOutsideTheKnownYearsIsRefusedNamingTheField() async throws {
        let server = try TestServer()
        try await server.test { client in
            for (query, field) in [
                ("from=0544-03-02&businessDays=767", "from"), ("from=2200-06-01&months=7", "months"),
                ("from=2200-12-01&businessDays=30", "businessDays"),
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/calendar/add?country=DK&\(query)", method: .get, headers: TestServer.headers(.admin))
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect((try response.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == field)
            }
        }
    }

    @Test func serviceRoutesAnswerWithoutAToken() async throws {
        let server = try TestServer()
        var settings = ServerSettings()
        settings.metrics = .open
        try await server.test(settings: settings) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(
                health.text.contains(#""database":"reachable""#)
                    && health.text.contains(#""instance":"\#(OutboxLease.processName)""#), "\(health.text)")
            #expect(try await client.execute(uri: "/ready", method: .get).text.contains("ready"))
            let document = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(document.text.hasPrefix("# The Alumni Desk HTTP API"))
            _ = try await client.execute(uri: "/api/v1/inquiries", method: .get, headers: TestServer.headers(.hr))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(
                metrics.text.contains(#"http_requests_total{method="GET",route="/api/v1/inquiries",status="200"} 1"#))
            #expect(metrics.text.contains("alumni_inquiries_open 2"))
            #expect(metrics.text.contains(#"alumni_instance{instance="\#(OutboxLease.processName)"} 1"#))
            #expect(metrics.text.contains("# HELP alumni_inquiries_overdue Open inquiries past a deadline."))
            #expect(metrics.headers[.requestID] != nil)
            let wrongMethod = try await client.execute(
                uri: "/api/v1/people/1", method: .put, headers: TestServer.headers(.admin))
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET, PATCH, DELETE")
        }
    }

    @Test func erasedPeopleAreGoneFromTheAPI() async throws {
        let server = try TestServer()
        try await server.test { client in
            let erase = try await client.execute(
                uri: "/api/v1/people/1", method: .delete, headers: TestServer.headers(.admin))
            #expect(erase.status == .noContent)
            #expect(
                try await client.execute(uri: "/api/v1/people/1", method: .get, headers: TestServer.headers(.hr)).status
                    == .notFound)
            #expect(
                try await client.execute(uri: "/api/v1/people/1/data", method: .get, headers: TestServer.headers(.hr))
                    .status == .notFound)
        }
    }
}

@Suite struct JSONDateTests {
    @Test(arguments: [0.0, 1_795_000_000.4, -86_401, 951_782_400])
    func timesAreWrittenAsFoundationWouldWriteThem(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let foundation = ISO8601DateFormatter().string(from: date)
        let encoded = try JSONDecoder().decode([String].self, from: try APIResponse.encoder.encode([date]))
        #expect(encoded == [foundation])
    }
}
