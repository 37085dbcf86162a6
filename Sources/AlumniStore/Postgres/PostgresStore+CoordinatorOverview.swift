import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// The coordinator's overview on PostgreSQL, and the campaign summaries it shows: the SQL of
/// `CampaignRows`, the lists of farewells, check-ins and silent departures as their pages read them.
extension PostgresStore {
    /// The newest campaigns with their figures, for a caller who runs campaigns.
    public func campaignSummaries(limit: Int, offset: Int = 0, as caller: Caller) async throws
        -> Page<CampaignSummary>
    {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            let total = try await campaignCount(on: connection)
            let campaigns = try await rows(CampaignRows.summariesSQL, [limit, offset], on: connection)
            let ids: [Int64] = campaigns.map { $0["id"] }
            guard !ids.isEmpty else { return Page(items: [], total: total, limit: limit, offset: offset) }
            let progress = try await campaignProgress(of: ids, on: connection)
            return Page(
                items: CampaignRows.summaries(
                    campaigns,
                    languages: try await rows(CampaignRows.languagesSQL(count: ids.count), ids, on: connection),
                    progress: progress),
                total: total, limit: limit, offset: offset)
        }
    }

    /// The coordinator's overview: `shown` of each list, each counted up to one past
    /// `countLimit`, each list read in a snapshot of its own.
    public func coordinatorOverview(shown: Int, countLimit: Int, as caller: Caller) async throws
        -> CoordinatorOverview
    {
        try await authorize(.readPeople, caller)
        try await authorize(.manageCampaigns, caller)
        let scheduled = try await farewellPlans(
            status: .scheduled, limit: shown, offset: 0, countLimit: countLimit, as: caller)
        return CoordinatorOverview(
            checkIns: try await dueFollowups(.today, limit: shown, offset: 0, countLimit: countLimit, as: caller),
            scheduled: scheduled,
            goodbyesOwed: try await goodbyesOwed(limit: 1, offset: 0, countLimit: countLimit, as: caller),
            silentDepartures: try await silentDepartures(limit: shown, countLimit: countLimit, as: caller),
            campaigns: try await campaignSummaries(limit: shown, as: caller),
            names: try await personNames(ids: Set(scheduled.items.map(\.personId)), as: caller),
            timeZone: try await businessCalendar().timeZone)
    }
}
