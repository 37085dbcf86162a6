import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1/campaigns` does what the desk's campaign pages and `alumni campaigns` do, through the same store calls.
@Suite struct CampaignsAPITests {
    @Test func aCampaignIsCreatedTranslatedPreviewedAndSentOnce() async throws {
        let server = try TestServer()
        try server.database.setConsent(
            personId: 1, topic: .events, channel: .email, granted: true, source: "signup", actor: "setup")
        try await server.test(notifications: server.jobs()) { client in
            var headers = TestServer.headers(.coordinator)
            let created = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: headers,
                body: ByteBuffer(
                    string: #"""
                        {"name":"Summer party","topic":"events","segment":{"countries":["no"]},"language":"en",
                         "subject":"Join us, {{given_name}}","body":"Dear {{given_name}}"}
                        """#))
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/campaigns/1")
            #expect(created.text.contains(#""countries":["NO"]"#))

            let translated = try await client.execute(
                uri: "/api/v1/campaigns/1/templates/nb", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"subject":"Bli med, {{given_name}}","body":"Kjære {{given_name}}"}"#))
            #expect(translated.status == .ok)
            #expect(translated.text.contains(#""language":"nb""#))

            let preview = try await client.execute(
                uri: "/api/v1/campaigns/1/preview?person=1", method: .get, headers: headers)
            #expect(preview.status == .ok)
            #expect(try preview.json()["subject"] as? String == "Join us, Åse")
            #expect((try preview.json()["html"] as? String)?.contains("Dear Åse") == true)
            let nobody = try await client.execute(uri: "/api/v1/campaigns/1/preview", method: .get, headers: headers)
            #expect(nobody.status == .badRequest)

            let audience = try await client.execute(uri: "/api/v1/campaigns/1/audience", method: .get, headers: headers)
            #expect(try audience.json()["eligible"] as? Int == 1)

            let shown = try await client.execute(uri: "/api/v1/campaigns/1", method: .get, headers: headers)
            let etag = try #require(shown.headers[.eTag])
            var conditional = headers
            conditional[.ifNoneMatch] = etag
            let unchanged = try await client.execute(uri: "/api/v1/campaigns/1", method: .get, headers: conditional)
            #expect(
                unchanged.status == .notModified, "\(etag) vs \(unchanged.headers[.eTag] ?? "-"): \(unchanged.text)")
            #expect(unchanged.body.readableBytes == 0)

            headers[HTTPField.Name("Idempotency-Key")!] = "send-1"
            let body = ByteBuffer(string: #"{"ratePerMinute":120}"#)
            let sent = try await client.execute(
                uri: "/api/v1/campaigns/1/send", method: .post, headers: headers, body: body)
            #expect(sent.status == .accepted)
            #expect(sent.text.contains(#""status":"sending""#))
            let replayed = try await client.execute(
                uri: "/api/v1/campaigns/1/send", method: .post, headers: headers, body: body)
            #expect(replayed.status == .accepted)
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            headers[HTTPField.Name("Idempotency-Key")!] = nil
            let again = try await client.execute(
                uri: "/api/v1/campaigns/1/send", method: .post, headers: headers, body: body)
            #expect(again.status == .conflict)
            #expect(again.text.contains("campaign #1 is sending already"))
            let changed = try await client.execute(uri: "/api/v1/campaigns/1", method: .get, headers: conditional)
            #expect(changed.status == .ok, "sending changed it: a new ETag")
            #expect(try server.database.campaign(id: 1, as: "test").ratePerMinute == 120)
        }
    }

    @Test func badInputNamesTheFieldAndStoresNothing() async throws {
        let server = try TestServer()
        try server.draftCampaign()
        try await server.test(notifications: server.jobs()) { client in
            let headers = TestServer.headers(.admin)
            let badCountry = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: headers,
                body: ByteBuffer(
                    string:
                        #"{"name":"X","topic":"jobs","segment":{"countries":["Norway"]},"language":"en","subject":"S","body":"B"}"#
                ))
            #expect(badCountry.status == .unprocessableContent)
            #expect(badCountry.text.contains(#""field":"country""#))
            let badTemplate = try await client.execute(
                uri: "/api/v1/campaigns/1/templates/sv", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"subject":"Hej","body":"{{#unclosed}}"}"#))
            #expect(badTemplate.status == .unprocessableContent)
            #expect(badTemplate.text.contains("body (sv)"))
            let unscheduled = try await client.execute(
                uri: "/api/v1/campaigns/1/schedule", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(unscheduled.status == .unprocessableContent)
            #expect(unscheduled.text.contains(#""field":"at""#))
            let slow = try await client.execute(
                uri: "/api/v1/campaigns/1/send", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"ratePerMinute":0}"#))
            #expect(slow.status == .unprocessableContent)
            #expect(slow.text.contains(#""field":"rate""#))
            let badTest = try await client.execute(
                uri: "/api/v1/campaigns/1/test", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"to":"nobody"}"#))
            #expect(badTest.status == .unprocessableContent)
            #expect(try server.database.campaignOverviews(limit: 5, as: "test").total == 1)
            let campaign = try server.database.campaign(id: 1, as: "test")
            #expect(campaign.status == .draft)
            #expect(campaign.templates.map(\.language) == [.en])
        }
    }

    @Test func aScheduledCampaignIsQueuedFromItsTimeAtItsRate() async throws {
        let server = try TestServer()
        try server.draftCampaign()
        let jobs = try server.jobs()
        try await server.test(notifications: jobs) { client in
            let scheduled = try await client.execute(
                uri: "/api/v1/campaigns/1/schedule", method: .post, headers: TestServer.headers(.coordinator),
                body: ByteBuffer(string: #"{"at":"2026-12-01T09:00:00Z"}"#))
            #expect(scheduled.status == .accepted)
        }
        try await jobs.queueStartedCampaigns()
        let queued = try server.database.outboxMessages(status: .queued, limit: 10).items
        #expect(queued.count == 1)
        #expect(queued.first?.nextAttemptAt == ISO8601DateFormatter().date(from: "2026-12-01T09:00:00Z"))
        #expect(try server.database.campaign(id: 1, as: "test").status == .queued)
        #expect(try server.database.startedCampaigns().isEmpty)
    }
}
