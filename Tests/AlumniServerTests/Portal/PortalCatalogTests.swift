import AlumniCore
import AlumniMail
import AlumniServer
import AlumniStore
import Foundation
import HummingbirdTesting
import Testing

@Suite("Portal: every page in every language")
struct PortalCatalogTests {
    private static let portal = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Resources/portal").standardized

    private static func strings(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: portal.appendingPathComponent("strings/\(language).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// The keys the portal's code looks up by name, beyond the `{{t.…}}` of its templates.
    private static var keysUsedByCode: Set<String> {
        var keys: Set<String> = ["date.long", "question.handler", "question.follows", "question.untitled"]
        keys.formUnion(PortalTopic.allCases.map { "topic.\($0.rawValue)" })
        keys.formUnion(["working", "waiting", "answered"].map { "status.\($0)" })
        keys.formUnion(["answeredOn", "waitingForYou", "answerBy"].map { "question.\($0)" })
        keys.formUnion(PortalThread.shownKinds.map { "event.\($0.rawValue)" })
        keys.formUnion((1...12).map { "month.\($0)" })
        keys.formUnion(ContactChannel.allCases.map { "channel.\($0.rawValue)" })
        keys.formUnion(LeavingReason.allCases.map { "reason.\($0.rawValue)" })
        keys.formUnion(ComingBack.allCases.map { "comingBack.\($0.rawValue)" })
        keys.formUnion(ContactTopic.allCases.map { "contactTopic.\($0.rawValue)" })
        keys.formUnion([
            "details.saved", "details.emailSent", "details.problem", "preferences.cell", "employment.since",
            "employment.about", "data.country", "data.joined", "data.left", "emailChange.title", "emailChanged.title",
            "files.refused", "farewell.offers", "farewell.openings", "farewell.title", "confirm.title",
            "confirm.refused.expired", "confirm.refused.invalid", "register.title", "linkSent.title", "linkSent.detail",
            "kept.title", "kept.detail", "linkPreferences.hello", "unsubscribe.title", "unsubscribe.doneTitle",
            "keep.title", "refused.title", "refused.revoked", "refused.expired", "refused.invalid",
            "refused.otherOrigin", "error.badInput", "files.kB", "files.MB", "number.decimal",
        ])
        for reason in ["expired", "used", "invalid"] {
            keys.formUnion(["link.refused.\(reason)", "link.refused.\(reason).detail"])
        }
        for kind in [
            "signedOut", "badFormToken", "forbidden", "notFound", "badInput", "storageFull", "storageIo",
            "storageDamaged", "stale", "busy", "internal",
        ] {
            keys.formUnion(["error.\(kind)", "errorDetail.\(kind)"])
        }
        return keys
    }

    @Test("Every language has every key of every other, none empty, and every key the templates and code use")
    func complete() throws {
        var used = Self.keysUsedByCode
        for folder in ["pages", "partials"] {
            let url = Self.portal.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: /\{\{t\.([A-Za-z0-9_.\-]+)\}\}/) { used.insert(String(match.1)) }
            }
        }
        let english = try Self.strings("en")
        #expect(used.subtracting(english.keys).isEmpty, "missing: \(used.subtracting(english.keys).sorted())")
        for language in Language.allCases {
            let catalog = try Self.strings(language.rawValue)
            #expect(Set(catalog.keys) == Set(english.keys), "\(language)")
            #expect(!catalog.values.contains { $0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(language)")
        }
    }

    @Test(
        "Every portal page renders in each of the seven languages with no key left untranslated",
        arguments: Language.allCases)
    func rendersEverywhere(_ language: Language) async throws {
        let server = try TestServer()
        _ = try server.database.updatePerson(id: 1, with: PersonFields(language: language), actor: "setup")
        _ = try server.database.assign(inquiry: 2, to: "hr", actor: "setup")
        _ = try server.database.reply(toInquiry: 2, body: "Answer", actor: "setup")
        let keys = Set(try Self.strings("en").keys)
        try await server.test(notifications: server.jobs()) { client in
            var browser = PortalBrowser(client)
            browser.language = language.rawValue
            var pages = [try await browser.get("/my/sign-in"), try await browser.requestLink(PortalSignInTests.known)]
            let link = try #require(try PortalBrowser.newestLink(in: server.database))
            pages.append(try await browser.get(link))
            pages.append(try await browser.get("/my/link/forged"))
            _ = try await browser.press(link)
            for path in [
                "/my/questions", "/my/questions/new", "/my/questions/1", "/my/questions/2", "/my/questions/3",
                "/my/questions/999", "/my/details?saved", "/my/preferences?saved", "/my/employment", "/my/messages",
                "/my/data", "/my/ask", "/my/confirm/forged",
            ] {
                pages.append(try await browser.get(path))
            }
            // The pages links in our messages open, in the person's language.
            let links = LinkBuilder(publicURL: "", key: try server.database.linkSigningKey(), lifetimeDays: 30)
            let now = server.clock.now()
            for path in [
                links.unsubscribe(personId: 1, topic: .newsletter, campaignId: nil, now: now),
                links.preferences(personId: 1, now: now),
                links.keep(personId: 1, until: now.addingTimeInterval(86_400)),
                "/unsubscribe/forged",
            ] {
                pages.append(try await browser.get(path))
            }
            for page in pages {
                #expect(page.text.contains("<html lang=\"\(language.rawValue)\">"))
                let leftover = keys.filter { page.text.contains(">\($0)<") || page.text.contains(" \($0) ") }
                #expect(leftover.isEmpty, "\(language): \(leftover.sorted())")
            }
        }
    }
}
