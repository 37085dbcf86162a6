import AlumniCore
import Foundation
import GRDB

/// What the coordinator's overview shows, read in one transaction: a few of each list with how
/// many there are.
public struct CoordinatorOverview: Sendable {
    /// Check-ins due by today.
    public var checkIns: Page<Followup>
    /// Farewells about to go out.
    public var scheduled: Page<FarewellPlan>
    /// Skipped farewells nobody has said goodbye to since.
    public var goodbyesOwed: Page<FarewellPlan>
    public var silentDepartures: Page<SilentCase>
    /// The newest campaigns with their figures.
    public var campaigns: Page<CampaignSummary>
    /// The names of the people whose farewells are listed (erased people left out).
    public var names: [Int64: String]
    /// The organisation's time zone, for showing when farewells go out.
    public var timeZone: TimeZone
}

extension AlumniDatabase {
    /// The coordinator's overview: `shown` of each list, each counted up to one past
    /// `countLimit`. One read for the whole page, as a person's page is read.
    public func coordinatorOverview(shown: Int, countLimit: Int, as caller: Caller) throws -> CoordinatorOverview {
        try authorize(.readPeople, caller)
        try authorize(.manageCampaigns, caller)
        let now = clock.now()
        return try writer.read { db in
            let calendar = try businessCalendar(in: db)
            let today = calendar.day(of: now)
            let scheduled = try farewellPlans(
                status: .scheduled, limit: shown, offset: 0, countLimit: countLimit, in: db)
            return CoordinatorOverview(
                checkIns: try dueFollowups(through: today, limit: shown, offset: 0, countLimit: countLimit, in: db),
                scheduled: scheduled,
                goodbyesOwed: try goodbyesOwed(limit: 1, offset: 0, countLimit: countLimit, in: db),
                silentDepartures: try silentDepartures(now: now, limit: shown, countLimit: countLimit, in: db),
                campaigns: try campaignSummaries(limit: shown, offset: 0, in: db),
                names: try personNames(ids: Set(scheduled.items.map(\.personId)), in: db), timeZone: calendar.timeZone)
        }
    }
}
