import AlumniCore
import GRDB

extension Campaign.Status: DatabaseValueConvertible {}

extension CampaignSegment {
    /// The segment as a condition on `person`, with its arguments; erased people are included
    /// (the audience lists them as excluded).
    func condition() -> (String, StatementArguments) {
        var conditions = ["1"]
        var arguments = StatementArguments()
        func add(_ sql: String, _ values: [any DatabaseValueConvertible]) {
            conditions.append(sql)
            arguments += StatementArguments(values)
        }
        func any(_ column: String, _ values: [any DatabaseValueConvertible]) {
            guard !values.isEmpty else { return }
            add("\(column) IN (\(databaseQuestionMarks(count: values.count)))", values)
        }
        // Someone who was both an employee and a customer belongs to either kind.
        any("person.kind", kinds.isEmpty ? [] : (kinds + [.both]).map(\.rawValue))
        if let leftAfter { add("person.left_on >= ?", [leftAfter]) }
        if let leftBefore { add("person.left_on <= ?", [leftBefore]) }
        any("person.country", countries)
        any("person.language", languages.map(\.rawValue))
        any("person.sentiment", sentiments.map(\.rawValue))
        if !tags.isEmpty {
            add(
                "person.id IN (SELECT person_id FROM person_tag WHERE tag IN (\(databaseQuestionMarks(count: tags.count))))",
                tags)
        }
        if let employer {
            add("person.id IN (SELECT person_id FROM employment_period WHERE entity = ? COLLATE NOCASE)", [employer])
        }
        if pensionProvider != nil {
            let (pension, values) = pensionCondition()
            add("person.id IN (SELECT person_id FROM pension_arrangement WHERE \(pension))", values)
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// Which pension arrangements put a person in the segment: provider, plan, overlapping period.
    func pensionCondition() -> (String, [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var values: [any DatabaseValueConvertible] = []
        if let pensionProvider {
            conditions.append("provider = ? COLLATE NOCASE")
            values.append(pensionProvider)
        }
        if let pensionPlan {
            conditions.append("plan = ? COLLATE NOCASE")
            values.append(pensionPlan)
        }
        if let coveredTo {
            conditions.append("from_date <= ?")
            values.append(coveredTo)
        }
        if let coveredFrom {
            conditions.append("(to_date IS NULL OR to_date >= ?)")
            values.append(coveredFrom)
        }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), values)
    }
}

/// Why a person in a segment would not get the campaign's email now: an SQL expression on
/// `person` that is NULL for the people who would. Its one argument is the topic.
enum AudienceSQL {
    static let exclusion = """
        CASE WHEN person.erased_at IS NOT NULL THEN 'erased'
             WHEN person.do_not_contact THEN 'do-not-contact'
             WHEN person.email IS NULL THEN 'no-address'
             WHEN person.email_undeliverable_at IS NOT NULL THEN 'address-bounced'
             WHEN NOT EXISTS (SELECT 1 FROM consent WHERE consent.person_id = person.id AND consent.topic = ?
                              AND consent.channel = 'email' AND consent.granted) THEN 'no-consent'
        END
        """
}

extension AudienceExclusion: DatabaseValueConvertible {}
