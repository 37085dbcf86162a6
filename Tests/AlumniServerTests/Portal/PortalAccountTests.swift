import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: my details, preferences, employment, messages and data")
struct PortalAccountTests {

    private func audit(_ server: TestServer, _ action: String) throws -> [AuditEvent] {
        try server.database.auditEvents(personId: 1, as: "test").items.reversed().filter { $0.action == action }
    }

    @Test("Changing one's details is audited with the portal as the actor; the channel is kept with source portal")
    func details() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let saved = try await browser.post(
                "/my/details",
                [
                    "given_name": "Åse", "family_name": "Ødegård-Berg", "phone": "+47 22 33 44 55",
                    "address": "Storgata 1\n0155 Oslo", "language": "nb", "channel": "post",
                ], tokenFrom: "/my/details")
            #expect(saved.headers[.location] == "/my/details?saved")
            let page = try await browser.get("/my/details?saved")
            #expect(page.text.contains("Lagret. Takk."))
            #expect(page.text.contains("value=\"Ødegård-Berg\""))
        }
        let person = try server.database.person(id: 1, as: "test")
        #expect(person.fields.familyName == "Ødegård-Berg")
        #expect(person.fields.phone == "+47 22 33 44 55")
        #expect(person.fields.language == .nb)
        #expect(person.preferredChannel == .post)
        #expect(try audit(server, "person.updated").last?.actor == "person #1 (portal)")
        let change = try server.database.preferences(personId: 1, as: "test").history.last
        #expect(change?.source == "portal")
    }

    @Test("A new e-mail address takes effect only when the link sent to it is pressed, and the old one is told")
    func emailChange() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let asked = try await browser.post(
                "/my/details/email", ["email": "ase.new@example.no"], tokenFrom: "/my/details")
            #expect(asked.headers[.location] == "/my/details?email-sent")
            #expect(try server.database.person(id: 1, as: "test").fields.email == PortalSignInTests.known)
            let link = try #require(try PortalBrowser.newestLink(in: server.database, to: "ase.new@example.no"))
            let page = try await browser.get(link)
            #expect(page.text.contains("ase.new@example.no"))
            #expect(try server.database.person(id: 1, as: "test").fields.email == PortalSignInTests.known)
            let confirmed = try await browser.press(link)
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains("Your address is changed"))
            #expect(try await browser.press(link).status == .gone)
            let invalid = try await browser.post(
                "/my/details/email", ["email": "not an address"], tokenFrom: "/my/details")
            #expect(invalid.status == .badRequest)
        }
        #expect(try server.database.person(id: 1, as: "test").fields.email == "ase.new@example.no")
        let notice = try server.database.outboxMessages(status: nil, limit: 20).items
            .filter { $0.dedupeKey.hasPrefix("portal-notice:") }
        #expect(notice.map(\.recipient) == [PortalSignInTests.known])
        #expect(try audit(server, "person.updated").last?.actor == "person #1 (portal)")
    }

    @Test("Signed in, a person may turn a topic on and lift do-not-contact, which a link alone may not")
    func preferences() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            // Asked not to be contacted by letter after signing in: the portal still serves them.
            try server.database.setDoNotContact(personId: 1, true, source: "letter", actor: "setup")
            #expect(
                try await browser.get("/my/preferences").text.contains("name=\"do_not_contact\" value=\"on\" checked"))
            let saved = try await browser.post(
                "/my/preferences", ["consent[]": "jobs.email"], tokenFrom: "/my/preferences")
            #expect(saved.headers[.location] == "/my/preferences?saved")
        }
        let preferences = try server.database.preferences(personId: 1, as: "test")
        #expect(!preferences.doNotContact)
        #expect(preferences.allows(.jobs, on: .email))
        #expect(preferences.history.last?.source == "portal")
    }

    @Test("Employment and pension are shown read only, each read audited like a staff member's pension read")
    func employment() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let page = try await browser.get("/my/employment")
            #expect(page.text.contains("Nordlys AB"))
            #expect(page.text.contains("Alecta"))
            #expect(page.text.contains("since 1 January 2001"))
            #expect(page.text.contains("/my/questions/new?topic=pension&amp;about="))
            #expect(!page.text.contains("<form method=\"post\" action=\"/my/employment"))
        }
        #expect(try audit(server, "pension.read").map(\.actor) == ["person #1 (portal)"])
    }

    @Test("Messages to me lists what we sent, newest first, without sign-in links; another person's is not found")
    func messages() async throws {
        let server = try TestServer(mail: true)
        _ = try server.database.reply(toInquiry: 1, body: "Your pension moved to Alecta.", actor: "setup")
        let other = try server.addCustomer("Bo", email: "bo@example.se", reference: "C1")
        let theirs = try server.database.openInquiry(
            NewInquiry(personId: other.id, type: .general, subject: "Bo's", body: "Hi"), actor: "setup")
        _ = try server.database.reply(toInquiry: theirs.id, body: "Private to Bo", actor: "setup")
        let messages = try server.database.outboxMessages(status: nil, limit: 10).items
        let mine = try #require(messages.first { $0.recipient == PortalSignInTests.known })
        let bos = try #require(messages.first { $0.recipient == "bo@example.se" })
        try await server.signedInToPortal { browser in
            let list = try await browser.get("/my/messages")
            #expect(list.text.contains("href=\"/my/messages/\(mine.id)\""))
            #expect(!list.text.contains("href=\"/my/messages/\(bos.id)\""))
            #expect(try await browser.get("/my/messages/\(mine.id)").text.contains("Your pension moved to Alecta."))
            #expect(try await browser.get("/my/messages/\(bos.id)").status == .notFound)
            let signInMail = try #require(
                try server.database.outboxMessages(status: nil, limit: 20).items.first {
                    $0.dedupeKey.hasPrefix("portal-link:")
                })
            #expect(!list.text.contains("/my/messages/\(signInMail.id)\""))
            #expect(try await browser.get("/my/messages/\(signInMail.id)").status == .notFound)
        }
    }

    @Test("A copy of my data, as a page and a JSON download; each is audited as a data export")
    func dataCopy() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let page = try await browser.get("/my/data")
            #expect(page.text.contains("ase@example.no"))
            #expect(page.text.contains("Alecta"))
            let download = try await browser.get("/my/data.json")
            #expect(download.headers[.contentType] == "application/json; charset=utf-8")
            #expect(download.headers[.contentDisposition]?.contains("attachment") == true)
            let json = try download.json()
            #expect((json["person"] as? [String: Any]) != nil)
            #expect((json["pensionArrangements"] as? [[String: Any]])?.first?["provider"] as? String == "Alecta")
        }
        #expect(try audit(server, "person.data-exported").map(\.actor) == ["person #1 (portal)", "person #1 (portal)"])
    }
}
