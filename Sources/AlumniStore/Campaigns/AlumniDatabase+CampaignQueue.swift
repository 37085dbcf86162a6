import AlumniCore
import Foundation
import GRDB

/// What sending a campaign did.
public struct CampaignQueueReport: Sendable, Encodable, Equatable {
    /// Messages written to the outbox now.
    public var queued: Int
    /// Messages the campaign had in the outbox already (from an earlier, interrupted send).
    public var alreadyQueued: Int

    public init(queued: Int, alreadyQueued: Int) {
        self.queued = queued
        self.alreadyQueued = alreadyQueued
    }
}

extension AlumniDatabase {
    /// Writes one outbox message per eligible recipient, `batch` people per transaction, each
    /// unique per (campaign, person): sending again after a crash or by mistake queues only who
    /// is missing, so nobody gets the message twice. Consent is checked as each batch is read,
    /// and once more by delivery. With `ratePerMinute` the messages are spread out from `start`;
    /// either defaults to what ``startCampaign(id:start:ratePerMinute:actor:)`` stored, then to now
    /// and no limit.
    public func queueCampaign(
        id: Int64, renderer: any CampaignRenderer, start: Date? = nil, ratePerMinute: Int? = nil, batch: Int = 500,
        actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) throws -> CampaignQueueReport {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        let campaign = try writer.read { db in try fetchCampaign(id: id, in: db) }
        let start = start ?? campaign.sendAt
        let ratePerMinute = ratePerMinute ?? campaign.ratePerMinute
        let alreadyQueued = try write { db in
            if try Int64.fetchOne(db, sql: CampaignWrites.sendingSQL, arguments: [id]) != nil {
                try AuditLog.record(
                    "campaign.sending", personId: nil, actor: actor, at: clock.now(), detail: "#\(id)", in: db)
            }
            return try Int.fetchOne(db, sql: CampaignWrites.queuedCountSQL, arguments: [id]) ?? 0
        }
        let first = start ?? clock.now()
        var queued = 0
        var lastId: Int64 = 0
        var rendered: [NewOutboxMessage] = []
        while true {
            let recipients = try writer.read { db in
                try pendingRecipients(of: campaign, after: lastId, limit: batch, in: db)
            }
            let rendering = PendingRender(recipients, renderer: renderer)
            try write { db in
                let now = clock.now()
                for message in rendered {
                    let sendAt = CampaignWrites.sendAt(
                        position: alreadyQueued + queued, first: first, ratePerMinute: ratePerMinute)
                    if try enqueue(message, at: now, sendAt: sendAt, in: db) != nil { queued += 1 }
                }
            }
            onProgress(queued)
            rendered = try rendering.messages()
            if rendered.isEmpty { break }
            lastId = recipients[recipients.count - 1].person.id
        }
        try write { db in
            let now = clock.now()
            try db.execute(sql: CampaignWrites.queuedSQL, arguments: [now.stored, id])
            try AuditLog.record(
                "campaign.queued", personId: nil, actor: actor, at: now, detail: "#\(id): \(queued) messages", in: db)
        }
        return CampaignQueueReport(queued: queued, alreadyQueued: alreadyQueued)
    }

    /// How the campaign's messages are doing.
    public func campaignProgress(id: Int64, as caller: Caller) throws -> CampaignProgress {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            _ = try fetchCampaign(id: id, in: db)
            return try progress(ofCampaign: id, in: db)
        }
    }

    /// One campaign with how its messages are doing.
    public func campaignOverview(id: Int64, as caller: Caller) throws -> CampaignOverview {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            CampaignOverview(
                campaign: try fetchCampaign(id: id, in: db), progress: try progress(ofCampaign: id, in: db))
        }
    }

    /// Campaigns, newest first, each with how its messages are doing.
    public func campaignOverviews(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<CampaignOverview> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try campaignOverviews(limit: limit, offset: offset, in: db) }
    }

    /// Campaigns, newest first, as the desk's lists show them: name, status, languages, figures.
    public func campaignSummaries(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<CampaignSummary> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try campaignSummaries(limit: limit, offset: offset, in: db) }
    }

    func campaignSummaries(limit: Int, offset: Int, in db: Database) throws -> Page<CampaignSummary> {
        Page(
            items: try CampaignRows.summaries(limit: limit, offset: offset, in: db),
            total: try Int.fetchOne(db.cachedStatement(sql: CampaignRows.countSQL)) ?? 0, limit: limit,
            offset: offset)
    }

    func campaignOverviews(limit: Int, offset: Int, in db: Database) throws -> Page<CampaignOverview> {
        let total = try Int.fetchOne(db.cachedStatement(sql: CampaignRows.countSQL)) ?? 0
        let campaigns = try CampaignRows.page(limit: limit, offset: offset, in: db)
        let progress = try CampaignRows.progress(of: campaigns.map(\.id), in: db)
        return Page(
            items: campaigns.map { CampaignOverview(campaign: $0, progress: progress[$0.id]!) }, total: total,
            limit: limit, offset: offset)
    }

    private func progress(ofCampaign id: Int64, in db: Database) throws -> CampaignProgress {
        try CampaignRows.progress(of: [id], in: db)[id]!
    }

    /// Eligible people with no message of this campaign yet, by id after `after`.
    func pendingRecipients(
        of campaign: Campaign, after: Int64, limit: Int, in db: Database, includeQueued: Bool = false
    ) throws -> [CampaignRecipient] {
        let (sql, values) = CampaignRecipientRows.pending(
            campaign, after: after, limit: limit, includeQueued: includeQueued, .sqlite)
        var people = try db.makeStatement(sql: sql).fetchAll(
            arguments: StatementArguments(values), Person.init(columns:))
        let tags = try PersonRows.tags(of: people.map(\.id), in: db)
        for index in people.indices { people[index].fields.tags = tags[people[index].id] ?? [] }
        return try recipients(people, of: campaign, in: db)
    }

    /// Adds what templates merge besides the person: years, latest employer, and for pension
    /// notices the arrangement that matched.
    func recipients(_ people: [Person], of campaign: Campaign, in db: Database) throws -> [CampaignRecipient] {
        guard !people.isEmpty else { return [] }
        let ids = people.map(\.id)
        let (pensionSQL, pensionValues) = CampaignRecipientRows.pensions(of: ids, campaign, .sqlite)
        return CampaignRecipientRows.recipients(
            people,
            employers: try Row.fetchAll(
                db, sql: CampaignRecipientRows.employersSQL(count: ids.count), arguments: StatementArguments(ids)),
            pensions: campaign.segment.isPensionSegment
                ? try PensionArrangement.fetchAll(db, sql: pensionSQL, arguments: StatementArguments(pensionValues))
                : [],
            versions: try linkVersions(of: ids, in: db),
            today: try businessCalendar(in: db).day(of: clock.now()))
    }
}
