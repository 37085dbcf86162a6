import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: campaigns")
struct DeskCampaignsTests {
    /// Mette, a Danish former employee who agreed to newsletters by e-mail.
    @discardableResult
    private func mette(_ server: TestServer) throws -> Person {
        let mette = try server.database.addPerson(
            PersonFields(
                givenName: "Mette", familyName: "Hansen", email: "mette@example.dk", country: "DK", language: .da,
                kind: .employee, externalRef: "E2"), actor: "setup")
        try server.database.setConsent(
            personId: mette.id, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        return mette
    }

    private func created(_ response: TestResponse) throws -> Int64 {
        let location = try #require(response.headers[.location])
        return try #require(Int64(location.split(separator: "/").last.map(String.init) ?? ""))
    }

    @Test("A coordinator builds a segment with the form, counts it, and creates the draft")
    func createWithSegmentAndCount() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try mette(server)
        try await server.test(notifications: server.jobs()) { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(try await coordinator.get("/home").text.contains("href=\"/campaigns\""))
            let form = try await coordinator.get("/campaigns/new")
            #expect(form.status == .ok)
            #expect(form.text.contains("<code>{{given_name}}</code>"))
            let csrf = try #require(DeskBrowser.hidden("csrf", in: form.text))
            let fields: [(String, String)] = [
                ("csrf", csrf), ("name", "Autumn news"), ("topic", "newsletter"), ("kind[]", "employee"),
                ("country", "dk, NO"), ("language", "da"), ("subject", "Nyheder til {{given_name}}"),
                ("body", "Hej **{{given_name}}**"),
            ]
            let count = try await coordinator.postForm("/campaigns/count", fields)
            #expect(count.status == .ok)
            // Åse (NO, no consent) and Mette (DK) are in the segment; only Mette would get it.
            #expect(count.text.contains("Would get it: 1</strong> of the people in the segment: 2"))
            #expect(count.text.contains("no consent for the topic: 1"))
            #expect(count.text.contains("value=\"Nyheder til {{given_name}}\""))
            #expect(try server.database.campaignOverviews(limit: 5, as: "test").total == 0)

            let create = try await coordinator.postForm("/campaigns", fields)
            #expect(create.status == .seeOther)
            let campaign = try server.database.campaign(id: try created(create), as: "test")
            #expect(campaign.segment.countries == ["DK", "NO"])
            #expect(campaign.segment.kinds == [.employee])
            #expect(campaign.defaultLanguage == .da)

            let bad = try await coordinator.postForm(
                "/campaigns", fields.map { $0.0 == "country" ? ("country", "Denmark") : $0 })
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("country"))
            let broken = try await coordinator.postForm(
                "/campaigns", fields.map { $0.0 == "body" ? ("body", "Hej {{#given_name}}") : $0 })
            #expect(broken.status == .badRequest)
            #expect(broken.text.contains("body"))
            #expect(try server.database.campaignOverviews(limit: 5, as: "test").total == 1)
        }
    }

    @Test("A Danish version, a preview of one person's copy, a test send to yourself, and the audience")
    func translatePreviewTestAndAudience() async throws {
        let server = try TestServer()
        try server.enableDesk()
        let campaign = try server.draftCampaign()
        let mette = try mette(server)
        try await server.test(notifications: server.jobs()) { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let page = "/campaigns/\(campaign.id)"
            let translated = try await coordinator.post(
                "\(page)/templates",
                ["language": "da", "subject": "Nyheder til {{given_name}}", "body": "Hej {{given_name}}"],
                from: page)
            #expect(translated.status == .seeOther)
            #expect(try await coordinator.get(page).text.contains("Dansk: Nyheder til {{given_name}}"))

            let preview = try await coordinator.get("\(page)/preview?person=\(mette.id)")
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Nyheder til Mette"))
            #expect(preview.text.contains("Hej Mette"))
            #expect(preview.text.contains("/unsubscribe/"))
            let frame = try await coordinator.get("\(page)/preview.html?person=\(mette.id)")
            #expect(frame.headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("sandbox") == true)
            #expect(frame.headers[HTTPField.Name("X-Frame-Options")!] == "SAMEORIGIN")
            #expect(frame.text.contains("<html lang=\"da\">"))
            #expect(try await coordinator.get("\(page)/preview?person=999").status == .notFound)

            let test = try await coordinator.post(
                "\(page)/test", ["to": "coordinator@example.com", "person": "#\(mette.id)"], from: page)
            #expect(test.status == .seeOther)
            let queued = try server.database.outboxMessages(status: .queued, limit: 10).items
            #expect(queued.map(\.recipient) == ["coordinator@example.com"])
            #expect(queued.first?.subject == "Nyheder til Mette")
            let badTest = try await coordinator.post("\(page)/test", ["to": "not an address"], from: page)
            #expect(badTest.status == .badRequest)
            #expect(badTest.text.contains("to: "))

            let audience = try await coordinator.get("\(page)/audience")
            #expect(audience.text.contains("Would get it: 2"))
            #expect(!audience.text.contains("letters.csv"))
        }
    }

    @Test("A pension notice lists who gets a letter instead, downloadable as CSV")
    func pensionLetters() async throws {
        let server = try TestServer()
        try server.enableDesk()
        var segment = CampaignSegment()
        segment.pensionProvider = "Alecta"
        let campaign = try server.database.createCampaign(
            NewCampaign(
                name: "Alecta moves", topic: .pension, segment: segment,
                template: CampaignTemplate(language: .en, subject: "Your pension", body: "It moved.")), actor: "setup")
        try await server.test(notifications: server.jobs()) { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let audience = try await coordinator.get("/campaigns/\(campaign.id)/audience")
            #expect(audience.text.contains("href=\"/campaigns/\(campaign.id)/letters.csv\""))
            let csv = try await coordinator.get("/campaigns/\(campaign.id)/letters.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("person_id,name,address,country,language\r\n1,Åse Ødegård,"))
        }
    }

    @Test("Sending starts once: a second click finds it going out, the server queues it, the figures follow")
    func sendOnce() async throws {
        let server = try TestServer()
        try server.enableDesk()
        let campaign = try server.draftCampaign()
        try mette(server)
        let jobs = try server.jobs()
        try await server.test(notifications: jobs) { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let page = "/campaigns/\(campaign.id)"
            let form = try await coordinator.get(page)
            #expect(form.text.contains("action=\"\(page)/send\""))
            #expect(!form.text.contains("data-progress=\"\(page)/progress\""))
            let csrf = try #require(DeskBrowser.hidden("csrf", in: form.text))
            for _ in 0..<2 {
                let sent = try await coordinator.postForm(
                    "\(page)/send", [("csrf", csrf), ("when", "now"), ("rate", "60")])
                #expect(sent.status == .seeOther)
                #expect(sent.headers[.location] == page)
            }
            let starts = try server.database.auditEvents(limit: 50, as: "test").items.filter {
                $0.action == "campaign.sending"
            }
            #expect(starts.count == 1)
            let going = try await coordinator.get(page)
            #expect(going.text.contains("data-progress=\"\(page)/progress\""))
            #expect(!going.text.contains("action=\"\(page)/send\""))

            try await jobs.queueStartedCampaigns()
            try await jobs.queueStartedCampaigns()
            let live =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await coordinator.get("\(page)/progress").body)) as? [String: Any]
            #expect(live?["status"] as? String == "queued")
            #expect((live?["progress"] as? [String: Int])?["queued"] == 2)
            #expect(live?["going"] as? Bool == true)
            // The state in words follows too, where the page shows it.
            #expect(live?["state"] as? String == "0 of 2 handed over.")
            #expect(
                try await coordinator.get(page).text.contains("<span data-progress-state>0 of 2 handed over.</span>"))
            let sendTimes = try server.database.outboxMessages(status: .queued, limit: 10).items.map(\.nextAttemptAt)
            #expect(Set(sendTimes).count == 2, "60 a minute: one second apart")
        }
    }

    @Test("Roles that do not run campaigns see no Campaigns link and are refused the pages")
    func othersAreRefused() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try server.draftCampaign()
        try await server.test(notifications: server.jobs()) { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(!(try await hr.get("/").text.contains("href=\"/campaigns\"")))
            #expect(try await hr.get("/campaigns").status == .forbidden)
            #expect(try await hr.get("/campaigns/1").status == .forbidden)
            #expect(try await hr.post("/campaigns/1/send", ["when": "now"]).status == .forbidden)
            #expect(try server.database.campaign(id: 1, as: "test").status == .draft)
        }
    }
}

@Suite("Desk: where staff land")
struct DeskLandingTests {
    @Test("An admin who chooses the overview lands on it; other roles cannot choose it")
    func adminChoosesTheOverview() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try await server.test { client in
            var admin = DeskBrowser(client)
            #expect(try await admin.signIn("admin").headers[.location] == "/")
            let chosen = try await admin.post("/account/landing", ["overview": "on"], from: "/account")
            #expect(chosen.status == .seeOther)
            var again = DeskBrowser(client)
            #expect(try await again.signIn("admin").headers[.location] == "/home")
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(!(try await hr.get("/account").text.contains("action=\"/account/landing\"")))
            #expect(try await hr.post("/account/landing", ["overview": "on"], from: "/account").status == .badRequest)
            #expect(try await DeskBrowser(client).attempt("hr").headers[.location] == "/")
        }
    }
}
