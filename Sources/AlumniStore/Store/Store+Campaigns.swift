import AlumniCore
import Foundation

/// Campaigns through `Store`: drafts, their audience, previews and test sends, starting once
/// and queueing.
extension Store {
    /// Creates a draft campaign with its first template; with `rendering`, a template that
    /// would not render is refused, naming its part.
    public func createCampaign(_ new: NewCampaign, rendering: (any CampaignRendering)? = nil, actor: Caller)
        async throws -> Campaign
    {
        switch self {
        case .sqlite(let database): try database.createCampaign(new, rendering: rendering, actor: actor)
        case .postgres(let store): try await store.createCampaign(new, rendering: rendering, actor: actor)
        }
    }

    /// Changes a draft's name, topic and segment.
    public func updateCampaign(
        id: Int64, name: String, topic: ContactTopic, segment: CampaignSegment, actor: Caller
    ) async throws -> Campaign {
        switch self {
        case .sqlite(let database):
            try database.updateCampaign(id: id, name: name, topic: topic, segment: segment, actor: actor)
        case .postgres(let store):
            try await store.updateCampaign(id: id, name: name, topic: topic, segment: segment, actor: actor)
        }
    }

    /// Adds or replaces a draft's template in one language.
    public func setCampaignTemplate(
        campaignId: Int64, _ template: CampaignTemplate, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) async throws -> Campaign {
        switch self {
        case .sqlite(let database):
            try database.setCampaignTemplate(campaignId: campaignId, template, rendering: rendering, actor: actor)
        case .postgres(let store):
            try await store.setCampaignTemplate(campaignId: campaignId, template, rendering: rendering, actor: actor)
        }
    }

    /// One campaign with its templates.
    public func campaign(id: Int64, as caller: Caller) async throws -> Campaign {
        switch self {
        case .sqlite(let database): try database.campaign(id: id, as: caller)
        case .postgres(let store): try await store.campaign(id: id, as: caller)
        }
    }

    /// Campaigns, newest first.
    public func campaigns(limit: Int, offset: Int = 0, as caller: Caller) async throws -> Page<Campaign> {
        switch self {
        case .sqlite(let database): try database.campaigns(limit: limit, offset: offset, as: caller)
        case .postgres(let store): try await store.campaigns(limit: limit, offset: offset, as: caller)
        }
    }

    /// One campaign with how its messages are doing.
    public func campaignOverview(id: Int64, as caller: Caller) async throws -> CampaignOverview {
        switch self {
        case .sqlite(let database): try database.campaignOverview(id: id, as: caller)
        case .postgres(let store): try await store.campaignOverview(id: id, as: caller)
        }
    }

    /// Campaigns, newest first, each with how its messages are doing.
    public func campaignOverviews(limit: Int, offset: Int = 0, as caller: Caller) async throws
        -> Page<CampaignOverview>
    {
        switch self {
        case .sqlite(let database): try database.campaignOverviews(limit: limit, offset: offset, as: caller)
        case .postgres(let store): try await store.campaignOverviews(limit: limit, offset: offset, as: caller)
        }
    }

    /// Campaigns, newest first, as the desk's lists show them.
    public func campaignSummaries(limit: Int, offset: Int = 0, as caller: Caller) async throws
        -> Page<CampaignSummary>
    {
        switch self {
        case .sqlite(let database): try database.campaignSummaries(limit: limit, offset: offset, as: caller)
        case .postgres(let store): try await store.campaignSummaries(limit: limit, offset: offset, as: caller)
        }
    }

    /// Who the campaign would reach now, who it leaves out and why, and the letter list.
    public func campaignAudience(id: Int64, listLimit: Int = 100, as caller: Caller) async throws -> CampaignAudience {
        switch self {
        case .sqlite(let database): try database.campaignAudience(id: id, listLimit: listLimit, as: caller)
        case .postgres(let store): try await store.campaignAudience(id: id, listLimit: listLimit, as: caller)
        }
    }

    /// How many people a segment would reach with a campaign on `topic`, before there is one.
    public func segmentAudience(_ segment: CampaignSegment, topic: ContactTopic, as caller: Caller) async throws
        -> CampaignAudience
    {
        switch self {
        case .sqlite(let database): try database.segmentAudience(segment, topic: topic, as: caller)
        case .postgres(let store): try await store.segmentAudience(segment, topic: topic, as: caller)
        }
    }
}

extension Store {
    /// Starts sending a draft campaign, once; a later call gets ``CampaignAlreadySent``.
    public func startCampaign(id: Int64, start: Date? = nil, ratePerMinute: Int? = nil, actor: Caller) async throws
        -> Campaign
    {
        switch self {
        case .sqlite(let database):
            try database.startCampaign(id: id, start: start, ratePerMinute: ratePerMinute, actor: actor)
        case .postgres(let store):
            try await store.startCampaign(id: id, start: start, ratePerMinute: ratePerMinute, actor: actor)
        }
    }

    /// The campaigns whose sending was started and whose messages are not all queued yet.
    public func startedCampaigns() async throws -> [Int64] {
        switch self {
        case .sqlite(let database): try database.startedCampaigns()
        case .postgres(let store): try await store.startedCampaigns()
        }
    }

    /// Queues one outbox message per eligible recipient who has none yet, a batch per
    /// transaction, reporting how many are queued as it goes.
    public func queueCampaign(
        id: Int64, renderer: any CampaignRenderer, start: Date? = nil, ratePerMinute: Int? = nil, batch: Int = 500,
        actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> CampaignQueueReport {
        switch self {
        case .sqlite(let database):
            try database.queueCampaign(
                id: id, renderer: renderer, start: start, ratePerMinute: ratePerMinute, batch: batch, actor: actor,
                onProgress: onProgress)
        case .postgres(let store):
            try await store.queueCampaign(
                id: id, renderer: renderer, start: start, ratePerMinute: ratePerMinute, batch: batch, actor: actor,
                onProgress: onProgress)
        }
    }

    /// What one person gets (or would get) from the campaign.
    public func previewCampaign(
        id: Int64, personId: Int64, rendering: any CampaignRendering, as caller: Caller
    ) async throws -> CampaignPreview {
        switch self {
        case .sqlite(let database):
            try database.previewCampaign(id: id, personId: personId, rendering: rendering, as: caller)
        case .postgres(let store):
            try await store.previewCampaign(id: id, personId: personId, rendering: rendering, as: caller)
        }
    }

    /// Queues one copy of the campaign to `address`, rendered as `personId` (else its first
    /// recipient) would get it.
    public func testCampaign(
        id: Int64, to address: String, personId: Int64? = nil, rendering: any CampaignRendering, actor: Caller
    ) async throws -> CampaignTestSend {
        switch self {
        case .sqlite(let database):
            try database.testCampaign(id: id, to: address, personId: personId, rendering: rendering, actor: actor)
        case .postgres(let store):
            try await store.testCampaign(id: id, to: address, personId: personId, rendering: rendering, actor: actor)
        }
    }
}
