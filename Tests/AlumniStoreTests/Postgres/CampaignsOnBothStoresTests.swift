import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Campaigns through `Store`: drafted, counted, translated, previewed, tested, started once and
/// queued a batch at a time, with the same audiences, merge values, messages, refusals and audit
/// trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct CampaignsOnBothStoresTests {
    static let admin = BothStores.admin

    /// Writes what the store handed it for each recipient, so the merge values are compared.
    struct Plain: CampaignRendering {
        func renderer(for campaign: Campaign) throws -> any CampaignRenderer { Renderer(campaign: campaign) }

        func check(_ template: CampaignTemplate) throws {
            if template.body.contains("{{"), !template.body.contains("}}") {
                throw ValidationFailure([FieldError(field: "body", reason: "a merge field is not closed")])
            }
        }
    }

    struct Renderer: CampaignRenderer {
        let campaign: Campaign

        func message(for recipient: CampaignRecipient) throws -> NewOutboxMessage {
            copy(of: recipient, to: recipient.person.fields.email ?? "", key: "campaign:\(campaign.id)")
        }

        func testMessage(for recipient: CampaignRecipient, to address: String) throws -> NewOutboxMessage {
            var message = copy(of: recipient, to: address, key: "test:\(campaign.id)")
            message.consent = nil
            message.about = recipient.person.id
            return message
        }

        func preview(for recipient: CampaignRecipient) throws -> CampaignPreview {
            CampaignPreview(
                personId: recipient.person.id, language: recipient.person.fields.language ?? campaign.defaultLanguage,
                subject: campaign.name, text: merged(recipient), html: "<p>\(merged(recipient))</p>")
        }

        private func copy(of recipient: CampaignRecipient, to address: String, key: String) -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "\(key):\(recipient.person.id)", recipient: address, subject: campaign.name,
                messageID: "<\(key)-\(recipient.person.id)@test>", mime: Data(merged(recipient).utf8), payload: "{}",
                consent: (recipient.person.id, campaign.topic), campaignId: campaign.id)
        }

        private func merged(_ recipient: CampaignRecipient) -> String {
            let pension = recipient.pension.map { "\($0.provider) \($0.plan ?? "-")" } ?? "-"
            return "years \(recipient.years ?? -1), employer \(recipient.employer ?? "-"), pension \(pension), "
                + "link \(recipient.linkVersion), tags \(recipient.person.fields.tags ?? [])"
        }
    }

    struct Outcome: Equatable {
        var drafts: [Campaign]
        var audiences: [CampaignAudience]
        var counted: CampaignAudience
        var preview: CampaignPreview
        var test: CampaignTestSend
        var refusals: [String]
        var queued: [CampaignQueueReport]
        var overviews: Page<CampaignOverview>
        var started: [Int64]
        var messages: [[String: DatabaseValue]]
        var audit: [[String: DatabaseValue]]
    }

    @Test("campaigns are drafted, counted, previewed, tested, started once and queued alike on both stores")
    func sameCampaigns() async throws {
        try await BothStores.with(people: 60) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.run($0, clock: clock)
            }
            let (newsletter, pension) = (outcome.audiences[0], outcome.audiences[1])
            #expect(newsletter.eligible > 7, "more than one batch of seven")
            #expect(outcome.queued[0].queued == newsletter.eligible && outcome.queued[1].queued == 0)
            #expect(outcome.queued[1].alreadyQueued == newsletter.eligible, "queued again: nobody twice")
            #expect(outcome.queued[2].queued == pension.eligible && pension.segment > 0)
            #expect(
                pension.letters.count
                    == pension.excluded.filter { $0.key != .erased && $0.key != .doNotContact }
                    .map(\.value).reduce(0, +))
            #expect(outcome.counted.segment > 0, "an employer written in other letters still matches")
            #expect(outcome.drafts[0].templates.map(\.language) == [.en, .sv])
            #expect(outcome.refusals.count == 4)
            #expect(outcome.overviews.items.map(\.campaign.status) == [.queued, .queued])
            #expect(outcome.overviews.items.last?.progress.queued == newsletter.eligible)
            #expect(outcome.started.isEmpty)
            let pensionMessages = outcome.messages.filter { $0["campaign_id"] == outcome.drafts[1].id.databaseValue }
            #expect(pensionMessages.count == pension.eligible)
            #expect(
                pensionMessages.allSatisfy {
                    String(data: Data.fromDatabaseValue($0["mime"]!) ?? Data(), encoding: .utf8)?
                        .contains("pension -") == false
                }, "each pension notice names the arrangement that matched")
        }
    }

    private static func run(_ store: Store, clock: SettableClock) async throws -> Outcome {
        clock.set(ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!)
        let provider: String = try await store.rows("SELECT provider FROM pension_arrangement ORDER BY id LIMIT 1")[0][
            "provider"
        ].flatMap(String.fromDatabaseValue)!
        let employer: String = try await store.rows("SELECT entity FROM employment_period ORDER BY id LIMIT 1")[0][
            "entity"
        ].flatMap(String.fromDatabaseValue)!
        var segment = CampaignSegment()
        segment.kinds = [.employee]
        segment.leftAfter = CalendarDate(iso: "2000-01-01")
        let newsletter = try await store.createCampaign(
            NewCampaign(
                name: "  Winter news ", topic: .newsletter, segment: segment,
                template: CampaignTemplate(language: .en, subject: "News", body: "Hello {{first_name}}")),
            rendering: Plain(), actor: admin)
        _ = try await store.setCampaignTemplate(
            campaignId: newsletter.id, CampaignTemplate(language: .sv, subject: "Nyheter", body: "Hej"),
            rendering: Plain(), actor: admin)
        var pensionSegment = CampaignSegment()
        pensionSegment.pensionProvider = provider.uppercased()
        pensionSegment.coveredFrom = CalendarDate(iso: "1990-01-01")
        let pension = try await store.createCampaign(
            NewCampaign(
                name: "Pension move", topic: .pension, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "Your pension", body: "About your pension")),
            actor: admin)
        _ = try await store.updateCampaign(
            id: pension.id, name: "Pension move", topic: .pension, segment: pensionSegment, actor: admin)
        var byEmployer = CampaignSegment()
        byEmployer.employer = employer.lowercased()
        var refusals: [String] = []
        func refused(_ body: () async throws -> Void) async {
            do { try await body() } catch { refusals.append("\(error)") }
        }
        await refused {
            _ = try await store.createCampaign(
                NewCampaign(
                    name: " ", topic: .newsletter, segment: CampaignSegment(),
                    template: CampaignTemplate(language: .en, subject: "S", body: "{{first_name")),
                rendering: Plain(), actor: admin)
        }
        let test = try await store.testCampaign(
            id: newsletter.id, to: "me@example.com", rendering: Plain(), actor: admin)
        await refused {
            _ = try await store.testCampaign(id: newsletter.id, to: "me at example", rendering: Plain(), actor: admin)
        }
        let drafts = [
            try await store.campaign(id: newsletter.id, as: admin), try await store.campaign(id: pension.id, as: admin),
        ]
        let audiences = [
            try await store.campaignAudience(id: newsletter.id, listLimit: 5, as: admin),
            try await store.campaignAudience(id: pension.id, listLimit: 1_000, as: admin),
        ]
        let preview = try await store.previewCampaign(
            id: pension.id, personId: audiences[1].letters.first?.personId ?? 1, rendering: Plain(), as: admin)
        _ = try await store.startCampaign(id: newsletter.id, ratePerMinute: 60, actor: admin)
        await refused { _ = try await store.startCampaign(id: newsletter.id, actor: admin) }
        await refused {
            _ = try await store.updateCampaign(
                id: newsletter.id, name: "Changed", topic: .newsletter, segment: segment, actor: admin)
        }
        let started = try await store.startedCampaigns()
        var progress: [Int] = []
        var queued = [
            try await store.queueCampaign(
                id: newsletter.id, renderer: Plain().renderer(for: drafts[0]), batch: 7, actor: admin
            ) { progress.append($0) }
        ]
        #expect(started == [newsletter.id] && progress.count > 2 && progress.last == queued[0].queued)
        queued.append(
            try await store.queueCampaign(id: newsletter.id, renderer: Plain().renderer(for: drafts[0]), actor: admin))
        queued.append(
            try await store.queueCampaign(
                id: pension.id, renderer: Plain().renderer(for: drafts[1]), batch: 3, actor: admin))
        return Outcome(
            drafts: drafts, audiences: audiences,
            counted: try await store.segmentAudience(byEmployer, topic: .newsletter, as: admin), preview: preview,
            test: test, refusals: refusals, queued: queued,
            overviews: try await store.campaignOverviews(limit: 10, as: admin),
            started: try await store.startedCampaigns(),
            messages: try await store.rows(
                """
                SELECT dedupe_key, recipient, campaign_id, person_id, topic, status, next_attempt_at, mime FROM outbox_message
                JOIN outbox_content ON outbox_content.message_id = outbox_message.id
                WHERE campaign_id IS NOT NULL ORDER BY dedupe_key
                """),
            audit: try await store.rows(
                "SELECT action, actor, detail FROM audit_event WHERE action LIKE 'campaign.%' ORDER BY id"))
    }
}
