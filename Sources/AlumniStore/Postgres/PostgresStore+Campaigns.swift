import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Campaigns on PostgreSQL, drafts and their figures: the statements and checks of
/// `CampaignWrites`, `CampaignRows` and `AudienceSQL`, as SQLite's store runs them.
extension PostgresStore {
    /// Creates a draft campaign with its first template, which is also its default. With
    /// `rendering`, a template that would not render is refused, naming its part.
    public func createCampaign(_ new: NewCampaign, rendering: (any CampaignRendering)? = nil, actor: Caller)
        async throws -> Campaign
    {
        try await authorize(.manageCampaigns, actor)
        let (name, segment) = try CampaignWrites.checked(
            name: new.name, segment: new.segment, more: try CampaignWrites.problems(of: new.template, rendering))
        return try await transaction { connection in
            let now = clock.now()
            let id: Int64 = try await rows(
                CampaignWrites.insertSQL,
                CampaignWrites.insertValues(new, name: name, segment: segment, at: now, actor: actor.name),
                on: connection)[0]["id"]
            _ = try await rows(
                CampaignWrites.templateSQL, CampaignWrites.templateValues(new.template, campaignId: id), on: connection)
            try await audit(
                "campaign.created", personId: nil, actor: actor.name, at: now, detail: "#\(id)", on: connection)
            return try await campaign(id: id, on: connection)
        }
    }

    /// Changes a draft's name, topic and segment.
    public func updateCampaign(
        id: Int64, name: String, topic: ContactTopic, segment: CampaignSegment, actor: Caller
    ) async throws -> Campaign {
        try await authorize(.manageCampaigns, actor)
        let (name, segment) = try CampaignWrites.checked(name: name, segment: segment, more: [])
        return try await transaction { connection in
            try CampaignWrites.requireDraft(try await campaign(id: id, on: connection))
            _ = try await rows(CampaignWrites.updateSQL, [name, topic, segment, id], on: connection)
            try await audit(
                "campaign.changed", personId: nil, actor: actor.name, at: clock.now(), detail: "#\(id)", on: connection)
            return try await campaign(id: id, on: connection)
        }
    }

    /// Adds or replaces the campaign's template in one language; only drafts can change.
    public func setCampaignTemplate(
        campaignId: Int64, _ template: CampaignTemplate, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) async throws -> Campaign {
        try await authorize(.manageCampaigns, actor)
        let errors = try CampaignWrites.problems(of: template, rendering)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try await transaction { connection in
            try CampaignWrites.requireDraft(try await campaign(id: campaignId, on: connection))
            _ = try await rows(
                CampaignWrites.templateSQL, CampaignWrites.templateValues(template, campaignId: campaignId),
                on: connection)
            try await audit(
                "campaign.template", personId: nil, actor: actor.name, at: clock.now(),
                detail: "#\(campaignId) \(template.language.rawValue)", on: connection)
            return try await campaign(id: campaignId, on: connection)
        }
    }

    /// One campaign with its templates.
    public func campaign(id: Int64, as caller: Caller) async throws -> Campaign {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in try await campaign(id: id, on: connection) }
    }

    /// Campaigns, newest first.
    public func campaigns(limit: Int, offset: Int = 0, as caller: Caller) async throws -> Page<Campaign> {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            Page(
                items: try await campaigns(
                    try await rows(CampaignRows.pageSQL, [limit, offset], on: connection), on: connection),
                total: try await campaignCount(on: connection), limit: limit, offset: offset)
        }
    }

    /// One campaign with how its messages are doing.
    public func campaignOverview(id: Int64, as caller: Caller) async throws -> CampaignOverview {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            CampaignOverview(
                campaign: try await campaign(id: id, on: connection),
                progress: try await campaignProgress(of: [id], on: connection)[id]!)
        }
    }

    /// Campaigns, newest first, each with how its messages are doing.
    public func campaignOverviews(limit: Int, offset: Int = 0, as caller: Caller) async throws
        -> Page<CampaignOverview>
    {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            let campaigns = try await campaigns(
                try await rows(CampaignRows.pageSQL, [limit, offset], on: connection), on: connection)
            let progress = try await campaignProgress(of: campaigns.map(\.id), on: connection)
            return Page(
                items: campaigns.map { CampaignOverview(campaign: $0, progress: progress[$0.id]!) },
                total: try await campaignCount(on: connection), limit: limit, offset: offset)
        }
    }

    /// Who the campaign would reach if it were sent now, who it leaves out and why, and who
    /// could be sent a letter instead (pension notices); `listLimit` caps the two lists.
    public func campaignAudience(id: Int64, listLimit: Int = 100, as caller: Caller) async throws -> CampaignAudience {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            let campaign = try await campaign(id: id, on: connection)
            return try await audience(
                of: campaign.segment, topic: campaign.topic, listLimit: listLimit, on: connection)
        }
    }

    /// How many people a segment would reach with a campaign on `topic`, and why the others
    /// would be left out, before there is a campaign; lists nobody.
    public func segmentAudience(_ segment: CampaignSegment, topic: ContactTopic, as caller: Caller) async throws
        -> CampaignAudience
    {
        try await authorize(.manageCampaigns, caller)
        let segment = try segment.validated()
        return try await snapshot { connection in
            try await audience(of: segment, topic: topic, listLimit: 0, on: connection)
        }
    }

    private func audience(
        of segment: CampaignSegment, topic: ContactTopic, listLimit: Int, on connection: PostgresConnection
    ) async throws -> CampaignAudience {
        let (segmentSQL, segmentValues) = segment.condition(.postgres)
        let values = AudienceSQL.values(topic: topic, segment: segmentValues)
        return AudienceSQL.audience(
            counts: try await rows(AudienceSQL.countsSQL(segmentSQL), values, on: connection),
            excluded: try await rows(AudienceSQL.excludedSQL(segmentSQL), values + [listLimit], on: connection),
            letters: topic != .pension
                ? [] : try await rows(AudienceSQL.lettersSQL(segmentSQL), values + [listLimit], on: connection))
    }

    /// Campaign #`id` with its templates, on `connection`.
    func campaign(id: Int64, on connection: PostgresConnection) async throws -> Campaign {
        guard
            let campaign = try await campaigns(
                try await rows(CampaignRows.byIdSQL, [id], on: connection), on: connection
            ).first
        else { throw StoreError.notFound("campaign #\(id)") }
        return campaign
    }

    private func campaigns(_ rows: [Row], on connection: PostgresConnection) async throws -> [Campaign] {
        let ids: [Int64] = rows.map { $0["id"] }
        return try CampaignRows.campaigns(
            rows,
            templates: ids.isEmpty
                ? [] : try await self.rows(CampaignRows.templatesSQL(count: ids.count), ids, on: connection))
    }

    func campaignCount(on connection: PostgresConnection) async throws -> Int {
        try await rows(CampaignRows.countSQL, on: connection).first?["total"] ?? 0
    }

    /// How campaigns `ids` are doing: `CampaignRows`' figures.
    func campaignProgress(of ids: [Int64], on connection: PostgresConnection) async throws
        -> [Int64: CampaignProgress]
    {
        guard !ids.isEmpty else { return [:] }
        return CampaignRows.progress(
            of: ids, tallies: try await rows(CampaignRows.talliesSQL(count: ids.count), ids, on: connection),
            unsubscribes: try await rows(
                CampaignRows.unsubscribesSQL(count: ids.count), CampaignRows.unsubscribeSources(ids), on: connection),
            complaints: try await rows(CampaignRows.complaintsSQL(count: ids.count, .postgres), ids, on: connection))
    }
}
