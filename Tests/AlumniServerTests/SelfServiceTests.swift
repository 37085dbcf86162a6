import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniStore
import AlumniTestSupport
import AlumniWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AlumniServer

/// One-click unsubscribe and the preference page, reached from links in messages without logging in.
@Suite struct SelfServiceTests {
    private func setUp() throws -> (TestServer, LinkBuilder) {
        let server = try TestServer()
        try server.database.setConsent(
            personId: 1, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        return (server, LinkBuilder(publicURL: "", key: try server.database.linkSigningKey(), lifetimeDays: 30))
    }

    private func allowsNewsletter(_ server: TestServer) throws -> Bool {
        try server.database.preferences(personId: 1, as: "test").allows(.newsletter, on: .email)
    }

    @Test func aPostToTheSignedLinkUnsubscribesWithoutLogin() async throws {
        let (server, links) = try setUp()
        let campaign = try server.database.createCampaign(
            NewCampaign(
                name: "News", topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "News", body: "Hello")), actor: "setup")
        let path = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: campaign.id, now: server.clock.now())
        try await server.test { client in
            // A GET only asks: link checkers and mail scanners must not unsubscribe anyone.
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("<form method=\"post\""))
            }
            #expect(try allowsNewsletter(server))
            // RFC 8058: the mail client posts List-Unsubscribe=One-Click.
            try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click")
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("You are unsubscribed"))
            }
        }
        #expect(try !allowsNewsletter(server))
        let history = try server.database.preferences(personId: 1, as: "test").history.last
        #expect(history?.source == "unsubscribe link, campaign #\(campaign.id)")
        #expect(history?.actor == AlumniDatabase.personActor)
        #expect(try server.database.campaignProgress(id: campaign.id, as: "test").unsubscribed == 1)
    }

    @Test func anUnsubscribeOtherThanOneClickIsRefusedAndOurOwnButtonIsNot() async throws {
        let (server, links) = try setUp()
        let path = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        try await server.test { client in
            try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=Maybe")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("List-Unsubscribe"))
            }
            #expect(try allowsNewsletter(server))
            // The confirmation page's button posts an empty form.
            try await client.execute(uri: path, method: .post) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try !allowsNewsletter(server))
    }

    @Test func aTamperedLinkIsRefusedAndChangesNothing() async throws {
        let (server, links) = try setUp()
        let path = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        let forged = path.replacingOccurrences(of: "/unsubscribe/u.1.", with: "/unsubscribe/u.2.")
        try await server.test { client in
            for uri in [forged, "/unsubscribe/not-a-token", String(path.dropLast(2))] {
                try await client.execute(uri: uri, method: .post) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.text.contains("not valid"))
                }
            }
        }
        #expect(try allowsNewsletter(server))
    }

    @Test func anExpiredLinkIsRefusedAsGone() async throws {
        let (server, links) = try setUp()
        let path = links.unsubscribe(
            personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now().addingTimeInterval(-31 * 86_400))
        try await server.test { client in
            try await client.execute(uri: path, method: .post) { response in
                #expect(response.status == .gone)
                #expect(response.text.contains("expired"))
            }
        }
        #expect(try allowsNewsletter(server))
    }

    @Test func thePreferencePageShowsAndSavesTheChoices() async throws {
        let (server, links) = try setUp()
        let path = links.preferences(personId: 1, now: server.clock.now())
        try await server.test { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Hello Åse"))
                #expect(response.text.contains(#"value="newsletter.email" aria-label="Newsletter by E-mail" checked"#))
            }
            try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "consent%5B%5D=events.email&consent%5B%5D=jobs.sms&language=sv")
            ) { response in
                // Swedish now: the person just chose it.
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"sv\">"))
                #expect(response.text.contains("Sparat."))
                #expect(response.text.contains("kräver din bekräftelse"), "a link cannot grant consent")
            }
            for body in ["language=xx", "do_not_contact=yes"] {
                try await client.execute(
                    uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.text.contains(body.prefix { $0 != "=" }), "\(body)")
                }
            }
        }
        let preferences = try server.database.preferences(personId: 1, as: "test")
        #expect(!preferences.allows(.newsletter, on: .email), "withdrawn: it was not ticked")
        #expect(!preferences.allows(.events, on: .email), "a signed link withdraws consent but never grants it")
        #expect(!preferences.allows(.jobs, on: .sms))
        #expect(preferences.language == .sv)
        #expect(preferences.history.filter { $0.source == "preference page" }.count == 2)
    }

    @Test func theKeepLinkOfARetentionWarningAsksThenRecordsTheWishAsAContact() async throws {
        let (server, links) = try setUp()
        let path = links.keep(personId: 1, until: server.clock.now().addingTimeInterval(30 * 86_400))
        try await server.test { client in
            let page = try await client.execute(uri: path, method: .get)
            #expect(page.status == .ok)
            #expect(
                try server.database.preferences(personId: 1, as: "test").history.allSatisfy {
                    $0.subject != .stayInTouch
                })
            let kept = try await client.execute(uri: path, method: .post)
            #expect(kept.status == .ok)
            let wrongPage = try await client.execute(
                uri: links.preferences(personId: 1, now: server.clock.now()).replacingOccurrences(
                    of: "/preferences/", with: "/keep/"), method: .post)
            #expect(wrongPage.status == .forbidden)
        }
        #expect(
            try server.database.preferences(personId: 1, as: "test").history.contains { $0.subject == .stayInTouch })
    }

    @Test func theUnsubscribePageEmailsAFreshPreferenceLinkToThePersonOnlyOnceAnHour() async throws {
        let server = try TestServer()
        try server.database.setConsent(
            personId: 1, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        let links = LinkBuilder(publicURL: "", key: try server.database.linkSigningKey(), lifetimeDays: 30)
        var mail = MailSettings()
        mail.publicURL = "https://alumni.example.com"
        mail.mailDirectory = server.folder.file("mail").path
        let notifications = try BackgroundJobs(
            database: server.database, settings: mail, logger: LogRecorder().logger(level: .critical))
        let path = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        try await server.test(notifications: notifications) { client in
            let page = try await client.execute(uri: path, method: .get)
            #expect(page.text.contains("action=\"\(path)/preference-link\""))
            for _ in 0..<2 {
                let sent = try await client.execute(uri: path + "/preference-link", method: .post)
                #expect(sent.status == .ok)
                #expect(sent.text.contains("is on its way"))
            }
            let forged = try await client.execute(
                uri: path + "/preference-link", method: .post, headers: [.origin: "https://evil.example"])
            #expect(forged.status == .forbidden)

            let queued = try server.database.outboxMessages(status: .queued, limit: 10).items
            #expect(queued.count == 1, "one an hour, however often asked")
            let message = try #require(queued.first)
            #expect(message.recipient == "ase@example.no")
            let payload = try JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any]
            let text = try #require(payload?["text"] as? String)
            let link = try #require(text.firstMatch(of: /https:\/\/alumni\.example\.com(\/preferences\/\S+)/)?.1)
            #expect(try await client.execute(uri: String(link), method: .get).status == .ok)
        }
        server.clock.advance(3601)
        try server.database.setDoNotContact(personId: 1, true, source: "letter", actor: "hr")
        let renderer = notifications.preferenceLinkMessages()
        #expect(try !server.database.sendPreferenceLink(personId: 1, renderer: renderer), "not to do-not-contact")
    }
}

/// Links do only what they are for (issue 13).
@Suite struct LinkPurposeTests {
    private func setUp() throws -> (TestServer, LinkBuilder) {
        let server = try TestServer()
        try server.database.setConsent(
            personId: 1, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        return (server, LinkBuilder(publicURL: "", key: try server.database.linkSigningKey(), lifetimeDays: 180))
    }

    private let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func anUnsubscribeLinkOpensNoPreferencePageAndThePreferenceLinkUnsubscribesNothing() async throws {
        let (server, links) = try setUp()
        let unsubscribe = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        let preferences = links.preferences(personId: 1, now: server.clock.now())
        try await server.test { client in
            let token = String(unsubscribe.split(separator: "/").last!)
            let opened = try await client.execute(uri: "/preferences/\(token)", method: .get)
            #expect(opened.status == .forbidden)
            let emptied = try await client.execute(
                uri: "/preferences/\(token)", method: .post, headers: form, body: ByteBuffer(string: ""))
            #expect(emptied.status == .forbidden, "an empty form through a forwarded newsletter withdraws nothing")
            let preferenceToken = String(preferences.split(separator: "/").last!)
            let misused = try await client.execute(uri: "/unsubscribe/\(preferenceToken)", method: .post)
            #expect(misused.status == .forbidden)
            let page = try await client.execute(uri: unsubscribe, method: .get)
            #expect(!page.text.contains("/preferences/"), "the unsubscribe page links to no preference page")
        }
        #expect(try server.database.preferences(personId: 1, as: "test").allows(.newsletter, on: .email))
    }

    @Test func aPreferenceLinkLivesDaysAndRevokedLinksAreGone() async throws {
        let (server, links) = try setUp()
        let preferences = links.preferences(personId: 1, now: server.clock.now())
        let unsubscribe = links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: server.clock.now())
        server.clock.advance(8 * 86_400)
        try await server.test { client in
            let expired = try await client.execute(uri: preferences, method: .get)
            #expect(expired.status == .gone)
            let stillGood = try await client.execute(uri: unsubscribe, method: .get)
            #expect(stillGood.status == .ok)
        }
        try server.database.revokeLinks(personId: 1, actor: "hr")
        try await server.test { client in
            let revoked = try await client.execute(uri: unsubscribe, method: .post)
            #expect(revoked.status == .gone)
            let fresh = links.unsubscribe(
                personId: 1, topic: .newsletter, campaignId: nil,
                version: try #require(try server.database.linkVersion(personId: 1)),
                now: server.clock.now())
            let works = try await client.execute(uri: fresh, method: .get)
            #expect(works.status == .ok)
        }
        #expect(try server.database.preferences(personId: 1, as: "test").allows(.newsletter, on: .email))
        #expect(
            try server.database.auditEvents(personId: 1, limit: 5, as: "test").items.contains {
                $0.action == "preferences.links-revoked"
            })
    }

    @Test func aDoNotContactRecordedByStaffCannotBeLiftedThroughALink() async throws {
        let (server, links) = try setUp()
        try server.database.setDoNotContact(personId: 1, true, source: "letter", actor: "hr")
        let path = links.preferences(personId: 1, now: server.clock.now())
        try await server.test { client in
            let saved = try await client.execute(
                uri: path, method: .post, headers: form, body: ByteBuffer(string: "consent[]=newsletter.email"))
            #expect(saved.status == .ok)
            #expect(saved.text.contains("needs your confirmation"))
        }
        #expect(try server.database.preferences(personId: 1, as: "test").doNotContact)
    }

    @Test func thePreferenceFormIsRefusedFromAnotherSite() async throws {
        let (server, links) = try setUp()
        let path = links.preferences(personId: 1, now: server.clock.now())
        try await server.test { client in
            var headers = form
            headers[.origin] = "https://evil.example"
            let refused = try await client.execute(
                uri: path, method: .post, headers: headers, body: ByteBuffer(string: ""))
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("our own page"))
        }
        #expect(try server.database.preferences(personId: 1, as: "test").allows(.newsletter, on: .email))
    }
}

@Suite struct SameOriginTests {
    private func request(origin: String?) -> Request {
        var fields = HTTPFields()
        if let origin { fields[.origin] = origin }
        return Request(
            head: HTTPRequest(
                method: .post, scheme: "https", authority: "alumni.example.com", path: "/preferences/x",
                headerFields: fields),
            body: .init(buffer: ByteBuffer()))
    }

    @Test func ourOwnPageAndNoOriginPassAnotherSiteDoesNot() {
        #expect(SameOrigin.check(request(origin: "https://alumni.example.com")))
        #expect(SameOrigin.check(request(origin: nil)))
        #expect(!SameOrigin.check(request(origin: "https://evil.example")))
        #expect(!SameOrigin.check(request(origin: "https://alumni.example.com.evil.example")))
    }

}
