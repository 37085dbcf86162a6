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
        let (segmentSQL, segmentArguments) = segment.condition()
        let classified = """
            SELECT person.*, \(AudienceSQL.exclusion) AS exclusion FROM person WHERE \(segmentSQL)
            """
        let arguments: StatementArguments = [topic] + segmentArguments
        var counts: [AudienceExclusion: Int] = [:]
        var total = 0, eligible = 0
        for row in try Row.fetchAll(
            db, sql: "SELECT exclusion, COUNT(*) AS n FROM (\(classified)) GROUP BY exclusion", arguments: arguments
        ) {
            let n: Int = row["n"]
            total += n
            if let reason: AudienceExclusion = row["exclusion"] { counts[reason] = n } else { eligible = n }
        }
        let excludedPeople = try Row.fetchAll(
            db, sql: "SELECT * FROM (\(classified)) WHERE exclusion IS NOT NULL ORDER BY id LIMIT ?",
            arguments: arguments + [listLimit]
        ).map { ExcludedPerson(personId: $0["id"], name: Self.name(of: $0), reason: $0["exclusion"]) }
        // Pension notices concern people's own money: whoever email cannot reach gets a letter.
        let letters =
            topic != .pension
            ? []
            : try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (\(classified)) WHERE exclusion IN ('no-address', 'address-bounced', 'no-consent') ORDER BY id LIMIT ?
                    """, arguments: arguments + [listLimit]
            ).map {
                LetterRecipient(
                    personId: $0["id"], name: Self.name(of: $0), address: $0["address"], country: $0["country"],
                    language: $0["language"])
            }
        return CampaignAudience(
            segment: total, eligible: eligible, excluded: counts, excludedPeople: excludedPeople, letters: letters)
    }

    static func name(of row: Row) -> String {
        [row["given_name"], row["family_name"]].compactMap { $0 as String? }.joined(separator: " ")
    }
}
