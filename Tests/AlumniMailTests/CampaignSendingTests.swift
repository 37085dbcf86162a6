import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Testing

/// Renders like the real thing, but the process "crashes" after `limit` messages.
struct CrashingRenderer: CampaignRenderer {
    let inner: CampaignMessages
    let counter = Counter()
    let limit: Int

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1; return value
            }
        }
    }

    struct Crash: Error {}

    func message(for recipient: CampaignRecipient) throws -> NewOutboxMessage {
        guard counter.next() <= limit else { throw Crash() }
        return try inner.message(for: recipient)
    }

    func testMessage(for recipient: CampaignRecipient, to address: String) throws -> NewOutboxMessage {
        try inner.testMessage(for: recipient, to: address)
    }

    func preview(for recipient: CampaignRecipient) throws -> CampaignPreview { try inner.preview(for: recipient) }
}

/// Who a campaign reaches, and that each of them gets it once, with their consent at the time.
@Suite struct CampaignSendingTests {
    @Test func theAudienceNamesWhoIsLeftOutAndWhy() throws {
        let fixture = try CampaignFixture()
        try fixture.person("Anna", "Berg", consents: [.newsletter])
        let refuser = try fixture.person("Bo", "Ek", consents: [.events])
        let blocked = try fixture.person("Cai", "Dahl", consents: [.newsletter])
        try fixture.database.setDoNotContact(personId: blocked.id, true, source: "letter", actor: "hr")
        let erased = try fixture.person("Dan", "Falk", consents: [.newsletter])
        try fixture.database.erasePerson(id: erased.id, actor: "hr")
        let noEmail = try fixture.database.addPerson(
            PersonFields(givenName: "Eva", familyName: "Gran", kind: .customer), actor: "hr")

        let audience = try fixture.database.campaignAudience(id: try fixture.campaign().id, as: "test")
        #expect(audience.segment == 5)
        #expect(audience.eligible == 1)
        #expect(audience.excluded == [.noConsent: 1, .doNotContact: 1, .erased: 1, .noAddress: 1])
        #expect(
            Set(audience.excludedPeople.map { "\($0.personId):\($0.reason.rawValue)" }) == [
                "\(refuser.id):no-consent", "\(blocked.id):do-not-contact", "\(erased.id):erased",
                "\(noEmail.id):no-address",
            ])
        // Letters are for pension notices only.
        #expect(audience.letters.isEmpty)
    }

    @Test func theSegmentSelectsByKindCountryDepartureAndEmployer() throws {
        let fixture = try CampaignFixture()
        let norwegian = try fixture.person("Åse", "Ødegård", country: "NO", left: "2020-05-01", consents: [.events])
        try fixture.person("Sven", "Berg", country: "SE", left: "2020-05-01", consents: [.events])
        try fixture.person("Kari", "Nord", country: "NO", left: "2010-05-01", consents: [.events])
        try fixture.person("Ola", "Kunde", country: "NO", kind: .customer, left: "2020-05-01", consents: [.events])
        _ = try fixture.database.addEmployment(
            EmploymentPeriod(
                personId: norwegian.id, entity: "Nordlys AS", country: "NO", from: CalendarDate(iso: "2015-01-01")!,
                to: nil), actor: "hr")
        var segment = CampaignSegment()
        segment.kinds = [.employee]
        segment.countries = ["no"]
        segment.leftAfter = CalendarDate(iso: "2019-01-01")
        #expect(
            try fixture.database.campaignAudience(
                id: try fixture.campaign(topic: .events, segment: segment).id, as: "test"
            ).segment
                == 1)
        segment.employer = "nordlys as"
        let campaign = try fixture.campaign(topic: .events, segment: segment)
        #expect(try fixture.database.campaignAudience(id: campaign.id, as: "test").eligible == 1)
        segment.employer = "Solskinn AS"
        #expect(
            try fixture.database.campaignAudience(
                id: try fixture.campaign(topic: .events, segment: segment).id, as: "test"
            ).segment
                == 0)
    }

    @Test func someoneWhoUnsubscribedAfterCreationDoesNotGetIt() async throws {
        let fixture = try CampaignFixture()
        let stays = try fixture.person("Anna", "Berg", consents: [.newsletter])
        let leaves = try fixture.person("Bo", "Ek", consents: [.newsletter])
        let campaign = try fixture.campaign()
        try fixture.database.setConsent(
            personId: leaves.id, topic: .newsletter, channel: .email, granted: false, source: "reply", actor: "hr")

        let report = try fixture.database.queueCampaign(
            id: campaign.id, renderer: try fixture.messages(campaign), actor: "coordinator")
        #expect(report.queued == 1)
        let delivered = try await fixture.deliver()
        #expect(delivered.count == 1)
        #expect(delivered[0].contains(stays.fields.email!))
    }

    @Test func consentWithdrawnWhileQueuedHoldsTheMessageBack() async throws {
        let fixture = try CampaignFixture()
        try fixture.person("Anna", "Berg", consents: [.newsletter])
        let later = try fixture.person("Bo", "Ek", consents: [.newsletter])
        let campaign = try fixture.campaign()
        // One message a minute: Bo's waits a minute behind Anna's.
        _ = try fixture.database.queueCampaign(
            id: campaign.id, renderer: try fixture.messages(campaign), ratePerMinute: 1, actor: "coordinator")
        #expect(try await fixture.deliver().count == 1)

        try fixture.database.unsubscribe(personId: later.id, topic: .newsletter, source: "unsubscribe link")
        fixture.clock.advance(61)
        #expect(try await fixture.deliver().count == 1)
        let progress = try fixture.database.campaignProgress(id: campaign.id, as: "test")
        #expect(progress.sent == 1)
        #expect(progress.suppressed == 1)
        #expect(progress.queued == 0)
    }

    @Test func aCrashMidSendFollowedByAResendDeliversEachMessageOnce() async throws {
        let fixture = try CampaignFixture()
        for index in 0..<250 {
            try fixture.person(
                "Person\(index)", "Test", language: index.isMultiple(of: 2) ? .sv : .en, consents: [.newsletter])
        }
        let campaign = try fixture.campaign(templates: [CampaignFixture.english, CampaignFixture.swedish])
        let messages = try fixture.messages(campaign)

        // The first send dies while rendering its 151st message: the first batch of 100 is in.
        #expect(throws: CrashingRenderer.Crash.self) {
            try fixture.database.queueCampaign(
                id: campaign.id, renderer: CrashingRenderer(inner: messages, limit: 150), batch: 100, actor: "c")
        }
        #expect(try fixture.database.campaignProgress(id: campaign.id, as: "test").queued == 100)
        #expect(try fixture.database.campaign(id: campaign.id, as: "test").status == .sending)
        // Some of those go out before the resend.
        _ = try await fixture.deliver()

        let resend = try fixture.database.queueCampaign(id: campaign.id, renderer: messages, batch: 100, actor: "c")
        #expect(resend == CampaignQueueReport(queued: 150, alreadyQueued: 100))
        let again = try fixture.database.queueCampaign(id: campaign.id, renderer: messages, actor: "c")
        #expect(again.queued == 0)

        let delivered = try await fixture.deliver()
        #expect(delivered.count == 250)
        let recipients = delivered.compactMap { mail in
            mail.split(separator: "\r\n").first { $0.hasPrefix("To: ") }.map(String.init)
        }
        #expect(Set(recipients).count == 250)
        let progress = try fixture.database.campaignProgress(id: campaign.id, as: "test")
        #expect(progress.sent == 250 && progress.queued == 0)
        #expect(try fixture.database.campaign(id: campaign.id, as: "test").status == .queued)
    }

    @Test func aPensionNoticeReachesThePlanMembersWithTheirOwnDetails() throws {
        let fixture = try CampaignFixture()
        let member = try fixture.person("Lars", "Sjöberg", consents: [.pension])
        let byLetter = try fixture.person("Karin", "Holm")
        let outside = try fixture.person("Nils", "Berg", consents: [.pension])
        for (person, plan, from, to) in [
            (member, "ITP 1", "1999-01-01", "2004-12-31"), (byLetter, "ITP 1", "2010-01-01", "2015-12-31"),
            (outside, "ITP 1", "2014-01-01", "2016-12-31"),
        ] {
            _ = try fixture.database.addPension(
                PensionArrangement(
                    personId: person.id, provider: "Alecta", plan: plan, reference: "R-\(person.id)",
                    from: CalendarDate(iso: from)!, to: CalendarDate(iso: to)), actor: "hr")
        }
        var segment = CampaignSegment()
        segment.pensionProvider = "Alecta"
        segment.pensionPlan = "ITP 1"
        segment.coveredFrom = CalendarDate(iso: "1998-01-01")
        segment.coveredTo = CalendarDate(iso: "2012-12-31")
        let campaign = try fixture.campaign(
            topic: .pension, segment: segment,
            templates: [
                CampaignTemplate(
                    language: .en, subject: "Your pension with {{pension_provider}}",
                    body: "Your plan {{pension_plan}} ({{pension_reference}}, from {{pension_from}}) moves.")
            ])
        let audience = try fixture.database.campaignAudience(id: campaign.id, as: "test")
        #expect(audience.segment == 2)
        #expect(audience.eligible == 1)
        #expect(audience.letters.map(\.personId) == [byLetter.id])

        let rendered = try fixture.messages(campaign).preview(
            for:
                try fixture.database.campaignRecipient(campaignId: campaign.id, personId: member.id, as: "test"))
        #expect(rendered.subject == "Your pension with Alecta")
        #expect(rendered.text.contains("Your plan ITP 1 (R-\(member.id), from 1999-01-01) moves."))
    }
}
