import AlumniCore
import Foundation
import GRDB

/// Who gets a campaign and what its templates merge, as SQL both stores run: the pending
/// recipients a batch at a time, and for each their latest employer, the pension arrangement
/// that matched (pension notices) and the version of their links.
enum CampaignRecipientRows {
    /// People of the campaign's segment who may get it now, by id after a bound id, a bound
    /// number of them; without `includeQueued`, only those with no message of it yet.
    static func pending(
        _ campaign: Campaign, after: Int64, limit: Int, includeQueued: Bool, _ dialect: SQLDialect
    ) -> (String, [(any DatabaseValueConvertible)?]) {
        let (segmentSQL, segmentValues) = campaign.segment.condition(dialect)
        let notQueued =
            includeQueued
            ? ""
            : """
            AND NOT EXISTS (
                SELECT 1 FROM outbox_message WHERE campaign_id = ? AND person_id = person.id AND topic IS NOT NULL)
            """
        return (
            """
            SELECT \(PersonRows.columns) FROM person
            WHERE \(segmentSQL) AND \(AudienceSQL.exclusion) IS NULL AND person.id > ? \(notQueued)
            ORDER BY person.id LIMIT ?
            """,
            segmentValues + [campaign.topic, after] + (includeQueued ? [] : [campaign.id]) + [limit]
        )
    }

    /// The employment periods of `count` people (their ids bound), oldest first.
    static func employersSQL(count: Int) -> String {
        """
        SELECT person_id, entity FROM employment_period
        WHERE person_id IN (\(databaseQuestionMarks(count: count))) ORDER BY from_date
        """
    }

    /// The arrangements of `ids` that put them in the campaign's pension segment, newest last.
    static func pensions(of ids: [Int64], _ campaign: Campaign, _ dialect: SQLDialect) -> (
        String, [(any DatabaseValueConvertible)?]
    ) {
        let (condition, values) = campaign.segment.pensionCondition(dialect)
        return (
            """
            SELECT * FROM pension_arrangement WHERE person_id IN (\(databaseQuestionMarks(count: ids.count)))
            AND \(condition) ORDER BY from_date DESC
            """, ids + values
        )
    }

    /// `people` as the templates see them, from the rows of ``employersSQL(count:)`` (the
    /// last, latest, employer kept), ``pensions(of:_:_:)`` (the last matching arrangement kept)
    /// and the people's link `versions`.
    static func recipients(
        _ people: [Person], employers employerRows: [Row], pensions: [PensionArrangement], versions: [Int64: Int],
        today: CalendarDate
    ) -> [CampaignRecipient] {
        var employers: [Int64: String] = [:]
        for row in employerRows { employers[row["person_id"]] = row["entity"] }
        var matched: [Int64: PensionArrangement] = [:]
        for arrangement in pensions { matched[arrangement.personId] = arrangement }
        return people.map {
            CampaignRecipient(
                person: $0, years: $0.yearsWithUs(today: today), employer: employers[$0.id], pension: matched[$0.id],
                linkVersion: versions[$0.id] ?? 0)
        }
    }
}
