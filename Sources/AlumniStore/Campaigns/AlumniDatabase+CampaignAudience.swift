import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Who the campaign would reach if it were sent now, who it leaves out and why, and who
    /// could be sent a letter instead (pension notices); `listLimit` caps the two lists.
    public func campaignAudience(id: Int64, listLimit: Int = 100, as caller: Caller) throws -> CampaignAudience {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            let campaign = try fetchCampaign(id: id, in: db)
            return try audience(of: campaign.segment, topic: campaign.topic, listLimit: listLimit, in: db)
        }
    }

    /// How many people a segment would reach with a campaign on `topic`, and why the others
    /// would be left out, before there is a campaign (the desk's "Count"); lists nobody.
    public func segmentAudience(_ segment: CampaignSegment, topic: ContactTopic, as caller: Caller) throws
        -> CampaignAudience
    {
        try authorize(.manageCampaigns, caller)
        let segment = try segment.validated()
        return try writer.read { db in try audience(of: segment, topic: topic, listLimit: 0, in: db) }
    }

    private func audience(
        of segment: CampaignSegment, topic: ContactTopic, listLimit: Int, in db: Database
    ) throws -> CampaignAudience {
        let (segmentSQL, segmentValues) = segment.condition()
        let values = StatementArguments(AudienceSQL.values(topic: topic, segment: segmentValues))
        // Pension notices concern people's own money: whoever email cannot reach gets a letter.
        return AudienceSQL.audience(
            counts: try Row.fetchAll(db, sql: AudienceSQL.countsSQL(segmentSQL), arguments: values),
            excluded: try Row.fetchAll(
                db, sql: AudienceSQL.excludedSQL(segmentSQL), arguments: values + [listLimit]),
            letters: topic != .pension
                ? []
                : try Row.fetchAll(db, sql: AudienceSQL.lettersSQL(segmentSQL), arguments: values + [listLimit]))
    }
}
