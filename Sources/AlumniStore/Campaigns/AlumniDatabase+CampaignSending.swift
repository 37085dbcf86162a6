import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Starts sending a draft campaign: from `start` (default now), at most `ratePerMinute`
    /// messages a minute (default no limit). Only the first call starts it: a second click, a
    /// second coordinator or a retried request gets ``CampaignAlreadySent``. The messages are
    /// queued by ``queueCampaign(id:renderer:start:ratePerMinute:batch:actor:onProgress:)``,
    /// which `alumni serve` runs for every started campaign (``startedCampaigns()``).
    public func startCampaign(id: Int64, start: Date? = nil, ratePerMinute: Int? = nil, actor: Caller) throws
        -> Campaign
    {
        try authorize(.manageCampaigns, actor)
        try CampaignWrites.checkRate(ratePerMinute)
        return try write { db in
            let now = clock.now()
            let started = try Int64.fetchOne(
                db, sql: CampaignWrites.startSQL,
                arguments: StatementArguments(
                    CampaignWrites.startValues(id: id, start: start, ratePerMinute: ratePerMinute, now: now)))
            let campaign = try fetchCampaign(id: id, in: db)
            guard started != nil else { throw CampaignAlreadySent(campaignId: id, status: campaign.status) }
            try AuditLog.record(
                "campaign.sending", personId: nil, actor: actor.name, at: now,
                detail: CampaignWrites.startDetail(id: id, start: start, ratePerMinute: ratePerMinute), in: db)
            return campaign
        }
    }

    /// The campaigns whose sending was started and whose messages are not all queued yet.
    public func startedCampaigns() throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(db, sql: CampaignWrites.startedSQL)
        }
    }

    /// What one person gets (or would get) from the campaign, whether or not they are in its
    /// audience: their language, their merge values, the footer and links.
    public func previewCampaign(
        id: Int64, personId: Int64, rendering: any CampaignRendering, as caller: Caller
    ) throws -> CampaignPreview {
        let recipient = try campaignRecipient(campaignId: id, personId: personId, as: caller)
        return try rendering.renderer(for: try campaign(id: id, as: caller)).preview(for: recipient)
    }

    /// Queues one copy of the campaign to `address` (the caller's own, say), rendered as
    /// `personId` would get it, else as the first person of its audience would.
    public func testCampaign(
        id: Int64, to address: String, personId: Int64? = nil, rendering: any CampaignRendering, actor: Caller
    ) throws -> CampaignTestSend {
        try authorize(.manageCampaigns, actor)
        try CampaignWrites.checkTestAddress(address)
        let campaign = try campaign(id: id, as: actor)
        guard
            let recipient = try personId.map({ try campaignRecipient(campaignId: id, personId: $0, as: actor) })
                ?? sampleCampaignRecipient(campaignId: id, as: actor)
        else { throw CampaignWrites.nobodyToRender(id) }
        let message = try rendering.renderer(for: campaign).testMessage(for: recipient, to: address)
        let outboxId = try write { db in
            let now = clock.now()
            guard let outboxId = try enqueue(message, at: now, in: db) else { throw CampaignWrites.testAlreadyQueued }
            try AuditLog.record("campaign.tested", personId: nil, actor: actor.name, at: now, detail: "#\(id)", in: db)
            return outboxId
        }
        return CampaignTestSend(outboxId: outboxId, personId: recipient.person.id)
    }

    /// One recipient as the templates would see them, whether or not they are in the segment
    /// (for previews and test sends).
    public func campaignRecipient(campaignId: Int64, personId: Int64, as caller: Caller) throws -> CampaignRecipient {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            let campaign = try fetchCampaign(id: campaignId, in: db)
            return try recipients([PersonRows.fetch(id: personId, in: db)], of: campaign, in: db)[0]
        }
    }

    /// The first eligible recipient of the campaign, for a test send; nil when nobody is.
    public func sampleCampaignRecipient(campaignId: Int64, as caller: Caller) throws -> CampaignRecipient? {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            let campaign = try fetchCampaign(id: campaignId, in: db)
            return try pendingRecipients(of: campaign, after: 0, limit: 1, in: db, includeQueued: true).first
        }
    }
}

/// A test send queued: the outbox message, and whose copy it shows.
public struct CampaignTestSend: Sendable, Codable, Equatable {
    public var outboxId: Int64
    public var personId: Int64
}
