import AlumniCore
import AlumniMail
import AlumniStore
import AlumniTestSupport
import Foundation
import Testing

/// Bounces mark a dead address, complaints withdraw marketing consent, and a person we can no
/// longer reach is flagged to a human.
@Suite struct BounceTests {
    @Test(arguments: ["dsn-postfix", "dsn-exim", "dsn-exchange"])
    func aPermanentBounceMarksTheAddressAndFlagsThePersonOwedAnAnswer(_ fixture: String) throws {
        let desk = try MailDesk()
        let receipt = try desk.receive(fixture, sender: "")
        #expect(receipt.outcome == .bounce)
        #expect(receipt.personId == desk.anna.id)
        let message = try desk.database.outboxMessage(id: 1)
        #expect(message.status == .bounced)
        #expect(message.lastError?.hasPrefix("5.1.1") == true)
        #expect(message.lastError?.contains("anna.berg@example.com") == false, "no address kept in the error")
        let status = try desk.database.mailStatus(personId: desk.anna.id)
        #expect(status.undeliverableSince == desk.clock.now())
        #expect(status.unreachableSince == desk.clock.now())
        let coordinator = try desk.database.addUser(
            name: "carl", email: "carl@example.com", role: .coordinator, actor: "test")
        #expect(try desk.database.personRecord(id: desk.anna.id, as: coordinator.actor()).mail == status)
        let silent = try desk.database.silentCases(as: "test")
        #expect(silent.contains { $0.kind == .unreachable && $0.personId == desk.anna.id })
        let alerts = try desk.scan()
        #expect(alerts.contains { $0.kind == .unreachable && $0.personId == desk.anna.id })
    }

    @Test func noFurtherMailIsQueuedToABouncedAddressUntilMailComesFromIt() throws {
        let desk = try MailDesk()
        try desk.receive("dsn-postfix", sender: "")
        _ = try desk.database.reply(toInquiry: desk.inquiry.id, body: "Are you there?", actor: "hr")
        let held = try desk.database.outboxMessages(status: .suppressed, limit: 10).items
        #expect(held.map(\.lastError) == ["address bounced"])
        try desk.receive("reply-in-reply-to")
        #expect(try desk.database.mailStatus(personId: desk.anna.id).undeliverableSince == nil)
        #expect(!(try desk.database.silentCases(as: "test")).contains { $0.kind == .unreachable })
        _ = try desk.database.reply(toInquiry: desk.inquiry.id, body: "Thanks!", actor: "hr")
        #expect(
            try desk.database.outboxMessages(status: .queued, limit: 10).items.contains { $0.subject.contains("INQ-1") }
        )
    }

    @Test func temporaryFailuresCountAsPermanentOnlyAtTheLimitWithinTheWindow() throws {
        let desk = try MailDesk()
        for round in 1...3 {
            // Each delay report is its own message.
            let text = String(decoding: try MailFixtures.data("dsn-delayed"), as: UTF8.self)
                .replacingOccurrences(of: "DELAY1@", with: "DELAY\(round)@")
            let receipt = try desk.database.receiveMail(MailParser.parse(Data(text.utf8), envelopeSender: ""))
            #expect(receipt.outcome == .bounce)
            let undeliverable = try desk.database.mailStatus(personId: desk.anna.id).undeliverableSince != nil
            #expect(undeliverable == (round == 3), "round \(round)")
            desk.clock.advance(86_400)
        }
        #expect(try desk.database.outboxMessage(id: 1).status == .queued, "a delay is not a bounce of the message")
    }

    @Test func aBounceToTheReturnPathNeedsNoQuotedHeaders() throws {
        let desk = try MailDesk()
        let report = deliveryReportMessage(to: "anna.berg@example.com", status: "5.2.1")
        let receipt = try desk.database.receiveMail(
            MailParser.parse(Data(report.utf8), envelopeSender: ""), bouncedMessage: 1)
        #expect(receipt.outcome == .bounce)
        #expect(try desk.database.outboxMessage(id: 1).lastError == "5.2.1")
        let unknown = try desk.database.receiveMail(
            MailParser.parse(Data(report.replacingOccurrences(of: "5.2.1", with: "5.2.2").utf8), envelopeSender: ""))
        #expect(unknown.outcome == .unmatched, "a bounce that names no message of ours waits for staff")
    }

    @Test func aSpamComplaintWithdrawsMarketingButNotPensionAndCountsForTheCampaign() throws {
        let desk = try MailDesk()
        for topic in [ContactTopic.newsletter, .events, .pension] {
            try desk.database.setConsent(
                personId: desk.anna.id, topic: topic, channel: .email, granted: true, source: "signup", actor: "hr")
        }
        let campaign = try desk.database.createCampaign(
            NewCampaign(
                name: "December news", topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "News", body: "Hello")),
            actor: "coordinator")
        let links = LinkBuilder(
            publicURL: "https://desk.example.com", key: try desk.database.linkSigningKey(), lifetimeDays: 30)
        _ = try desk.database.queueCampaign(
            id: campaign.id,
            renderer: try CampaignMessages(
                campaign: campaign, from: Mailbox(address: "desk@example.com"), links: links, clock: desk.clock),
            actor: "coordinator")
        let receipt = try desk.receive("arf-complaint")
        #expect(receipt.outcome == .complaint)
        let consents = try desk.database.preferences(personId: desk.anna.id, as: "test").consents
        #expect(consents.filter(\.granted).map(\.topic) == [.pension])
        let withdrawn = try #require(consents.first { $0.topic == .newsletter })
        #expect(withdrawn.source.hasPrefix("complaint:"))
        #expect(try desk.database.campaignProgress(id: campaign.id, as: "test").complaints == 1)
    }
}

/// What staff and the reports see of people the desk cannot reach.
@Suite struct UnreachableTests {
    @Test func aNewAddressEndsTheBounceAndTheReportListsWhoIsUnreachable() throws {
        let desk = try MailDesk()
        try desk.receive("dsn-postfix", sender: "")
        #expect(try desk.database.unreachablePeople(as: "test").map(\.personId) == [desk.anna.id])
        _ = try desk.database.updatePerson(
            id: desk.anna.id, with: PersonFields(email: "anna@new.example.com"), actor: "hr")
        let status = try desk.database.mailStatus(personId: desk.anna.id)
        #expect(status.undeliverableSince == nil && status.reason == nil && status.unreachableSince == nil)
        #expect(try desk.database.unreachablePeople(as: "test").isEmpty)
    }

    @Test func anAutomaticMessageFromAStrangerWaitsWithoutAnAlert() throws {
        let desk = try MailDesk()
        let away = "From: someone@example.org\r\nAuto-Submitted: auto-replied\r\nSubject: Away\r\n\r\nAway\r\n"
        let receipt = try desk.database.receiveMail(MailParser.parse(Data(away.utf8)))
        #expect(receipt.outcome == .unmatched)
        #expect(try desk.scan().isEmpty)
    }

    @Test func theirDataExportHoldsTheMailTheySent() throws {
        let desk = try MailDesk()
        try desk.receive("reply-with-attachment")
        let export = try desk.database.dataExport(personId: desk.anna.id, as: "hr")
        #expect(export.mail.map(\.text) == ["Attached is my contract."])
        #expect(export.mail.first?.attachments.map(\.filename) == ["anställningsavtal.pdf"])
    }
}
