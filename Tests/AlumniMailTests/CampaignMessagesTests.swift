import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Testing

/// What a campaign message looks like to the person who gets it.
@Suite struct CampaignMessagesTests {
    @Test func everyoneGetsTheTemplateInTheirLanguageOrTheDefault() throws {
        let fixture = try CampaignFixture()
        let campaign = try fixture.campaign(templates: [CampaignFixture.english, CampaignFixture.swedish])
        let messages = try fixture.messages(campaign)
        let björn = try fixture.person("Björn", "Nyström", language: .sv, joined: "2010-01-01", left: "2022-06-30")
        let jukka = try fixture.person("Jukka", "Mäkinen", language: .fi)

        let swedish = try messages.preview(
            for:
                try fixture.database.campaignRecipient(campaignId: campaign.id, personId: björn.id, as: "test"))
        #expect(swedish.subject == "Nyheter för Björn")
        #expect(swedish.text.contains("Hej **Björn**,"))
        #expect(swedish.text.contains("Efter 12 år hos oss"))
        #expect(swedish.html.contains("<strong>Björn</strong>"))
        #expect(
            swedish.text.contains(
                "Avsluta prenumerationen: https://alumni.example.com/unsubscribe/u.\(björn.id).newsletter."))

        // No Finnish template: the default, English, without the years sentence (no dates known).
        let finnish = try messages.preview(
            for:
                try fixture.database.campaignRecipient(campaignId: campaign.id, personId: jukka.id, as: "test"))
        #expect(finnish.subject == "News for Jukka")
        #expect(finnish.text.contains("you are still one of us"))
        #expect(!finnish.text.contains("After"))
    }

    @Test func valuesAreNeverReadAsMarkdownOrHTML() throws {
        let fixture = try CampaignFixture()
        let campaign = try fixture.campaign()
        let person = try fixture.person("<b>Ann</b>", "*Star*_", email: "ann@example.com")
        let rendered = try fixture.messages(campaign).preview(
            for:
                try fixture.database.campaignRecipient(campaignId: campaign.id, personId: person.id, as: "test"))
        #expect(rendered.html.contains("<strong>&lt;b&gt;Ann&lt;/b&gt;</strong>"))
        #expect(!rendered.html.contains("<b>Ann</b>"))
        // The text part carries the name as it is.
        #expect(rendered.text.contains("Hello **<b>Ann</b>**"))
    }

    @Test func theMessageIsMultipartWithOneClickUnsubscribe() throws {
        let fixture = try CampaignFixture()
        let campaign = try fixture.campaign()
        let person = try fixture.person("Åse", "Ødegård", language: .nb, consents: [.newsletter])
        let message = try fixture.messages(campaign).message(
            for: try fixture.database.campaignRecipient(campaignId: campaign.id, personId: person.id, as: "test"))
        let mime = String(decoding: message.mime, as: UTF8.self)
        #expect(mime.contains("Content-Type: multipart/alternative"))
        #expect(mime.contains("Content-Type: text/html; charset=utf-8"))
        #expect(
            mime.contains(
                "List-Unsubscribe: <https://alumni.example.com/unsubscribe/u.\(person.id).newsletter.\(campaign.id)."))
        #expect(mime.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        // The subject's name travels as an RFC 2047 encoded word.
        #expect(mime.contains("Subject: =?UTF-8?B?"))
        #expect(message.dedupeKey == "campaign:\(campaign.id):person:\(person.id)")
    }

    @Test func aBrokenTemplateIsRefusedNamingThePart() {
        let broken = CampaignTemplate(language: .da, subject: "Hej {{given_name", body: "Hej")
        #expect(throws: TemplateError.self) { try CampaignMessages.validate(broken) }
        do {
            try CampaignMessages.validate(broken)
        } catch let error as TemplateError {
            #expect(error.field == "subject-template (da)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aFarewellThanksForTheYearsInThePersonsLanguage() throws {
        let fixture = try CampaignFixture()
        let farewells = FarewellMessages(from: fixture.from, clock: fixture.clock)
        func text(_ person: Person, years: Int?) throws -> String {
            let message = try farewells.message(for: FarewellNotice(planId: 1, person: person, years: years))
            return decodeQuotedPrintable(String(decoding: message.mime, as: UTF8.self))
        }
        let dane = try fixture.person("Søren", "Kierkegaard", language: .da, kind: .employee)
        #expect(try text(dane, years: 12).contains("Tak for 12 år hos os."))
        let customer = try fixture.person("Emma", "Smith", language: .en, kind: .customer)
        #expect(try text(customer, years: 30).contains("Thank you for 30 years as our customer."))
        #expect(try text(customer, years: 1).contains("Thank you for a year as our customer."))
        #expect(try text(customer, years: nil).contains("Thank you for being our customer."))
    }

    @Test func theOrganisationsOwnTemplateWinsOverTheShippedOne() throws {
        let fixture = try CampaignFixture()
        let folder = fixture.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Subject: Farvel og tak, {{given_name}}\n\nTusind tak for {{years}} år.\n".utf8)
            .write(to: folder.appendingPathComponent("farewell-employee.da.txt"))
        let farewells = FarewellMessages(from: fixture.from, clock: fixture.clock, overrides: folder.path)
        let dane = try fixture.person("Søren", "Holm", language: .da, kind: .employee)
        let message = try farewells.message(for: FarewellNotice(planId: 1, person: dane, years: 7))
        #expect(message.subject == "Farvel og tak, Søren")
        #expect(decodeQuotedPrintable(String(decoding: message.mime, as: UTF8.self)).contains("Tusind tak for 7 år."))
        // Languages the folder does not cover keep the shipped wording.
        let swede = try fixture.person("Lars", "Berg", language: .sv, kind: .employee)
        #expect(try farewells.message(for: FarewellNotice(planId: 2, person: swede, years: 7)).subject == "Tack, Lars")
    }
}
