import AlumniCore
import AlumniMail
import AlumniServer
import AlumniTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// What a careful outsider found (issue 13), each closed over HTTP.
@Suite struct HardeningTests {
    @Test func theRequestLogNamesTheSignedInUser() async throws {
        let server = try TestServer()
        let logs = LogRecorder()
        try await server.test(logs: logs) { client in
            _ = try await client.execute(uri: "/api/v1/inquiries", method: .get, headers: TestServer.headers(.hr))
            _ = try await client.execute(uri: "/health", method: .get)
        }
        let users = logs.entries.filter { $0.message == "request" }.map { $0.metadata["user"] }
        #expect(users == ["hr", "-"])
    }

    @Test(arguments: ["bearer", "BEARER", "Bearer"])
    func theBearerSchemeIsCaseInsensitive(_ scheme: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(
                uri: "/api/v1/people/1", method: .get, headers: [.authorization: "\(scheme) \(TestServer.token(.hr))"])
            #expect(response.status == .ok)
        }
    }

    @Test func aSearchOfManyWordsIsABadRequestNotAServerError() async throws {
        let server = try TestServer()
        try await server.test { client in
            let words = (1...999).map { "w\($0)" }.joined(separator: "%20")
            let many = try await client.execute(
                uri: "/api/v1/people?search=\(words)", method: .get, headers: TestServer.headers(.hr))
            #expect(many.status == .badRequest)
            #expect(many.text.contains("has 999 words; at most 10 are looked for"))
            let ten = (1...10).map { _ in "ase" }.joined(separator: "%20")
            let fine = try await client.execute(
                uri: "/api/v1/people?search=\(ten)", method: .get, headers: TestServer.headers(.hr))
            #expect(fine.status == .ok)
        }
    }

    @Test func theAlertBotSeesDeadlinesButNotTheWords() async throws {
        let server = try TestServer()
        _ = try server.database.extend(inquiry: 1, byMonths: 1, reason: "Records from Sweden", actor: "setup")
        try await server.test { client in
            let bot = try await client.execute(
                uri: "/api/v1/inquiries?status=open", method: .get, headers: TestServer.headers(.alertBot))
            #expect(bot.status == .ok)
            let items = try #require(try bot.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.allSatisfy { ($0["subject"] as? String) == "" && $0["extensionReason"] == nil })
            #expect(items.allSatisfy { $0["deadlines"] != nil && $0["type"] != nil && $0["status"] != nil })
            #expect(!bot.text.contains("Question") && !bot.text.contains("Sweden"))
            let hr = try await client.execute(
                uri: "/api/v1/inquiries?status=open", method: .get, headers: TestServer.headers(.hr))
            #expect(hr.text.contains("Question") && hr.text.contains("Records from Sweden"))
        }
    }

    @Test func aRestrictedInquiryLooksMissingAndRefusalsAreAuditedOnceAMinute() async throws {
        let server = try TestServer()
        try await server.test { client in
            let headers = TestServer.headers(.coordinator)
            let restricted = try await client.execute(uri: "/api/v1/inquiries/1", method: .get, headers: headers)
            let missing = try await client.execute(uri: "/api/v1/inquiries/999", method: .get, headers: headers)
            #expect(restricted.status == .notFound && missing.status == .notFound)
            #expect(try restricted.json()["detail"] as? String == "inquiry #1 not found")
            #expect(try missing.json()["detail"] as? String == "inquiry #999 not found")
            for _ in 1...5 {
                _ = try await client.execute(
                    uri: "/api/v1/inquiries/1/notes", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"body": "probe"}"#))
            }
            let bot = try await client.execute(
                uri: "/api/v1/inquiries/999", method: .get, headers: TestServer.headers(.alertBot))
            #expect(bot.status == .forbidden, "a role that reads no inquiry is refused before any lookup")
        }
        let denials = try server.database.auditEvents(personId: nil, limit: 100, offset: 0, as: "test").items
            .filter { $0.action == "access.denied" }
        #expect(denials.map(\.actor).sorted() == ["alert-bot", "coordinator"])
        server.clock.advance(61)
        try await server.test { client in
            _ = try await client.execute(
                uri: "/api/v1/inquiries/1", method: .get, headers: TestServer.headers(.coordinator))
        }
        #expect(
            try server.database.auditEvents(personId: nil, limit: 100, offset: 0, as: "test").items
                .filter { $0.action == "access.denied" }.count == 3)
    }

    @Test func metricsAreForThisMachineUnlessSaidOtherwise() async throws {
        let server = try TestServer()
        try await server.test { client in
            // The router test has no client address: not known to be this machine.
            let status = try await client.execute(uri: "/metrics", method: .get).status
            #expect(status == .forbidden)
        }
        var settings = ServerSettings()
        settings.metrics = .token("scrape-me")
        try await server.test(settings: settings) { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let scraped = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-me"])
            #expect(scraped.status == .ok)
        }
        settings.metrics = .off
        try await server.test(settings: settings) { client in
            let status = try await client.execute(uri: "/metrics", method: .get).status
            #expect(status == .notFound)
        }
    }

    @Test func selfServicePagesCannotBeFramedOrSniffed() async throws {
        let server = try TestServer()
        let links = LinkBuilder(publicURL: "", key: try server.database.linkSigningKey(), lifetimeDays: 30)
        let path = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        try await server.test { client in
            let page = try await client.execute(uri: path, method: .get)
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }
}

/// A long write elsewhere never turns into a 500 or a hang (issue 13).
@Suite struct BusyDatabaseTests {
    @Test func aWriteThatCannotGetTheLockIsA503WithRetryAfterAndNothingIsHalfDone() async throws {
        let server = try TestServer(busyTimeout: 0.2)
        // Another process's long write: a connection of its own holding the write lock.
        var configuration = GRDB.Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: server.folder.file("test.sqlite").path, configuration: configuration)
        try other.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        try await server.test { client in
            let write = try await client.execute(
                uri: "/api/v1/people", method: .post, headers: TestServer.headers(.hr),
                body: ByteBuffer(string: #"{"givenName":"Björn","familyName":"Nyström","kind":"customer"}"#))
            #expect(write.status == .serviceUnavailable)
            #expect(write.headers[.retryAfter] == "1")
            let read = try await client.execute(uri: "/api/v1/people/1", method: .get, headers: TestServer.headers(.hr))
            #expect(read.status == .ok, "reads go on while the lock is held")
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
        try other.inDatabase { try $0.execute(sql: "ROLLBACK") }
        #expect(try server.database.people(matching: PersonQuery(), as: "test").total == 1)
    }
}
