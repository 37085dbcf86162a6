import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    // MARK: - Writes

    /// Creates a draft campaign with its first template, which is also its default. With
    /// `rendering`, a template that would not render is refused, naming its part.
    public func createCampaign(
        _ new: NewCampaign, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let (name, segment) = try CampaignWrites.checked(
            name: new.name, segment: new.segment, more: try CampaignWrites.problems(of: new.template, rendering))
        return try write { db in
            let now = clock.now()
            let id = try Int64.fetchOne(
                db, sql: CampaignWrites.insertSQL,
                arguments: StatementArguments(
                    CampaignWrites.insertValues(new, name: name, segment: segment, at: now, actor: actor.name)))!
            try db.execute(
                sql: CampaignWrites.templateSQL,
                arguments: StatementArguments(CampaignWrites.templateValues(new.template, campaignId: id)))
            try AuditLog.record(
                "campaign.created", personId: nil, actor: actor.name, at: now, detail: "#\(id)", in: db)
            return try fetchCampaign(id: id, in: db)
        }
    }

    /// Changes a draft's name, topic and segment.
    public func updateCampaign(
        id: Int64, name: String, topic: ContactTopic, segment: CampaignSegment, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let (name, segment) = try CampaignWrites.checked(name: name, segment: segment, more: [])
        return try write { db in
            try CampaignWrites.requireDraft(try fetchCampaign(id: id, in: db))
            try db.execute(sql: CampaignWrites.updateSQL, arguments: [name, topic, segment, id])
            try AuditLog.record(
                "campaign.changed", personId: nil, actor: actor.name, at: clock.now(), detail: "#\(id)", in: db)
            return try fetchCampaign(id: id, in: db)
        }
    }

    /// Adds or replaces the campaign's template in one language; only drafts can change. With
    /// `rendering`, a template that would not render is refused, naming its part.
    public func setCampaignTemplate(
        campaignId: Int64, _ template: CampaignTemplate, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let errors = try CampaignWrites.problems(of: template, rendering)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try write { db in
            try CampaignWrites.requireDraft(try fetchCampaign(id: campaignId, in: db))
            try db.execute(
                sql: CampaignWrites.templateSQL,
                arguments: StatementArguments(CampaignWrites.templateValues(template, campaignId: campaignId)))
            try AuditLog.record(
                "campaign.template", personId: nil, actor: actor.name, at: clock.now(),
                detail: "#\(campaignId) \(template.language.rawValue)", in: db)
            return try fetchCampaign(id: campaignId, in: db)
        }
    }

    // MARK: - Reads

    /// One campaign with its templates.
    public func campaign(id: Int64, as caller: Caller) throws -> Campaign {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try fetchCampaign(id: id, in: db) }
    }

    /// Campaigns, newest first.
    public func campaigns(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<Campaign> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            let total = try Int.fetchOne(db.cachedStatement(sql: CampaignRows.countSQL)) ?? 0
            return Page(
                items: try CampaignRows.page(limit: limit, offset: offset, in: db), total: total, limit: limit,
                offset: offset)
        }
    }

    func fetchCampaign(id: Int64, in db: Database) throws -> Campaign {
        guard let campaign = try CampaignRows.fetch(id: id, in: db) else {
            throw StoreError.notFound("campaign #\(id)")
        }
        return campaign
    }
}
