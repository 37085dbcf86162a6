import AlumniCore
import GRDB

extension Campaign.Status: DatabaseValueConvertible {}

extension CampaignSegment {
    /// The segment as a condition on `person` in `dialect`, with its values; erased people are
    /// included (the audience lists them as excluded).
    func condition(_ dialect: SQLDialect = .sqlite) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        func add(_ sql: String, _ more: [(any DatabaseValueConvertible)?]) {
            conditions.append(sql)
            values += more
        }
        func any(_ column: String, _ more: [(any DatabaseValueConvertible)?]) {
            guard !more.isEmpty else { return }
            add("\(column) IN (\(databaseQuestionMarks(count: more.count)))", more)
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
            add(
                "person.id IN (SELECT person_id FROM employment_period WHERE \(Self.caseless("entity", dialect)))",
                [employer])
        }
        if pensionProvider != nil {
            let (pension, more) = pensionCondition(dialect)
            add("person.id IN (SELECT person_id FROM pension_arrangement WHERE \(pension))", more)
        }
        return (Self.all(conditions), values)
    }

    /// Which pension arrangements put a person in the segment: provider, plan, overlapping period.
    func pensionCondition(_ dialect: SQLDialect = .sqlite) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let pensionProvider {
            conditions.append(Self.caseless("provider", dialect))
            values.append(pensionProvider)
        }
        if let pensionPlan {
            conditions.append(Self.caseless("plan", dialect))
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
        return (Self.all(conditions), values)
    }

    /// `column` equal to a bound value, ASCII letters folded: SQLite's `NOCASE`, and
    /// PostgreSQL's `ascii_lower` (its schema has it), which folds the same letters.
    private static func caseless(_ column: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "\(column) = ? COLLATE NOCASE"
        case .postgres: "ascii_lower(\(column)) = ascii_lower(?)"
        }
    }

    private static func all(_ conditions: [String]) -> String {
        conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
    }
}

/// Who a segment reaches and why the others are left out, as SQL both stores run.
enum AudienceSQL {
    /// Why a person in a segment would not get the campaign's email now: an SQL expression on
    /// `person` that is NULL for the people who would. Its one argument is the topic.
    static let exclusion = """
        CASE WHEN person.erased_at IS NOT NULL THEN 'erased'
             WHEN person.do_not_contact THEN 'do-not-contact'
             WHEN person.email IS NULL THEN 'no-address'
             WHEN person.email_undeliverable_at IS NOT NULL THEN 'address-bounced'
             WHEN NOT EXISTS (SELECT 1 FROM consent WHERE consent.person_id = person.id AND consent.topic = ?
                              AND consent.channel = 'email' AND consent.granted) THEN 'no-consent'
        END
        """

    /// The people of a segment with the reason each is left out (NULL for who is reached),
    /// as the statements below read them: bound with ``values(topic:segment:)``.
    private static func classified(_ segmentSQL: String) -> String {
        """
        SELECT person.id, person.given_name, person.family_name, person.address, person.country, person.language,
               \(exclusion) AS exclusion
        FROM person WHERE \(segmentSQL)
        """
    }

    /// The values the statements below take before their own: the topic, then the segment's.
    static func values(topic: ContactTopic, segment: [(any DatabaseValueConvertible)?]) -> [(
        any DatabaseValueConvertible
    )?] {
        [topic] + segment
    }

    /// How many of the segment are reached (a NULL exclusion) and left out for each reason.
    static func countsSQL(_ segmentSQL: String) -> String {
        "SELECT exclusion, COUNT(*) AS n FROM (\(classified(segmentSQL))) AS classified GROUP BY exclusion"
    }

    /// The first people left out, by id, the limit bound last.
    static func excludedSQL(_ segmentSQL: String) -> String {
        "SELECT * FROM (\(classified(segmentSQL))) AS classified WHERE exclusion IS NOT NULL ORDER BY id LIMIT ?"
    }

    /// The first people email cannot reach, who get a pension notice by letter, by id, the limit bound last.
    static func lettersSQL(_ segmentSQL: String) -> String {
        """
        SELECT * FROM (\(classified(segmentSQL))) AS classified
        WHERE exclusion IN ('no-address', 'address-bounced', 'no-consent') ORDER BY id LIMIT ?
        """
    }

    /// The audience from the rows of ``countsSQL(_:)``, ``excludedSQL(_:)`` and ``lettersSQL(_:)``.
    static func audience(counts: [Row], excluded: [Row], letters: [Row]) -> CampaignAudience {
        var reasons: [AudienceExclusion: Int] = [:]
        var total = 0
        var eligible = 0
        for row in counts {
            let n: Int = row["n"]
            total += n
            if let reason: AudienceExclusion = row["exclusion"] { reasons[reason] = n } else { eligible = n }
        }
        return CampaignAudience(
            segment: total, eligible: eligible, excluded: reasons,
            excludedPeople: excluded.map {
                ExcludedPerson(personId: $0["id"], name: name(of: $0), reason: $0["exclusion"])
            },
            letters: letters.map {
                LetterRecipient(
                    personId: $0["id"], name: name(of: $0), address: $0["address"], country: $0["country"],
                    language: $0["language"])
            })
    }

    private static func name(of row: Row) -> String {
        [row["given_name"], row["family_name"]].compactMap { $0 as String? }.joined(separator: " ")
    }
}

extension AudienceExclusion: DatabaseValueConvertible {}
