import AlumniCore
import Foundation
import GRDB

/// Reads campaigns and their figures a page at a time: a handful of statements for a page of
/// fifty campaigns, not a handful for each one (the campaign list and the overview are read on
/// every look).
enum CampaignRows {
    /// Campaigns, newest first.
    static func page(limit: Int, offset: Int, in db: Database) throws -> [Campaign] {
        try campaigns(
            Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM campaign ORDER BY id DESC LIMIT ? OFFSET ?"),
                arguments: [limit, offset]), in: db)
    }

    /// Campaigns, newest first, as a list shows them: without decoding their segments or
    /// reading their texts.
    static func summaries(limit: Int, offset: Int, in db: Database) throws -> [CampaignSummary] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, name, topic, status,
                        (SELECT group_concat(language) FROM
                            (SELECT language FROM campaign_template WHERE campaign_id = campaign.id ORDER BY language)
                        ) AS languages
                    FROM campaign ORDER BY id DESC LIMIT ? OFFSET ?
                    """), arguments: [limit, offset])
        let progress = try progress(of: rows.map { $0["id"] }, in: db)
        return rows.map { row in
            let id: Int64 = row["id"]
            return CampaignSummary(
                id: id, name: row["name"], topic: row["topic"], status: row["status"],
                languages: ((row["languages"] as String?) ?? "").split(separator: ",").compactMap {
                    Language(rawValue: String($0))
                }, progress: progress[id]!)
        }
    }

    /// Campaign #`id`, if there is one.
    static func fetch(id: Int64, in db: Database) throws -> Campaign? {
        try campaigns(
            Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM campaign WHERE id = ?"), arguments: [id]), in: db
        ).first
    }

    private static func campaigns(_ rows: [Row], in db: Database) throws -> [Campaign] {
        let ids = rows.map { $0["id"] as Int64 }
        var templates: [Int64: [CampaignTemplate]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT campaign_id, language, subject, body FROM campaign_template
                    WHERE campaign_id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY campaign_id, language
                    """), arguments: StatementArguments(ids))
        {
            templates[row["campaign_id"], default: []].append(
                CampaignTemplate(language: row["language"], subject: row["subject"], body: row["body"]))
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let id: Int64 = row["id"]
            return Campaign(
                id: id, name: row["name"], topic: row["topic"],
                segment: try decoder.decode(CampaignSegment.self, from: Data((row["segment"] as String).utf8)),
                defaultLanguage: row["default_language"], templates: templates[id] ?? [], status: row["status"],
                createdAt: row["created_at"], createdBy: row["created_by"], queuedAt: row["queued_at"],
                sendAt: row["send_at"], ratePerMinute: row["rate_per_minute"])
        }
    }

    /// How each campaign's messages are doing: the counts per status kept by the outbox's
    /// triggers (migration v19), the people who unsubscribed through its links and those who
    /// reported it as spam.
    static func progress(of ids: [Int64], in db: Database) throws -> [Int64: CampaignProgress] {
        let marks = databaseQuestionMarks(count: ids.count)
        var counts: [Int64: [OutboxMessage.Status: Int]] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT campaign_id, status, n FROM campaign_tally WHERE campaign_id IN (\(marks))"),
            arguments: StatementArguments(ids))
        {
            counts[row["campaign_id"], default: [:]][row["status"]] = row["n"]
        }
        let sources = Dictionary(uniqueKeysWithValues: ids.map { (Campaign.unsubscribeSource(campaignId: $0), $0) })
        var unsubscribed: [Int64: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT source, COUNT(DISTINCT person_id) AS n FROM preference_change
                    WHERE source IN (\(marks)) GROUP BY source
                    """), arguments: StatementArguments(Array(sources.keys)))
        {
            if let id = sources[row["source"]] { unsubscribed[id] = row["n"] }
        }
        var complaints: [Int64: Int] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT outbox_message.campaign_id, COUNT(DISTINCT inbound_mail.person_id) AS n FROM inbound_mail
                    CROSS JOIN outbox_message ON outbox_message.id = inbound_mail.outbox_id
                    WHERE inbound_mail.nature = 'complaint' AND outbox_message.campaign_id IN (\(marks))
                    GROUP BY outbox_message.campaign_id
                    """), arguments: StatementArguments(ids))
        {
            complaints[row["campaign_id"]] = row["n"]
        }
        return Dictionary(
            uniqueKeysWithValues: ids.map { id in
                let count = counts[id] ?? [:]
                return (
                    id,
                    CampaignProgress(
                        queued: (count[.queued] ?? 0) + (count[.sending] ?? 0), sent: count[.sent] ?? 0,
                        failed: count[.failed] ?? 0, suppressed: count[.suppressed] ?? 0,
                        unsubscribed: unsubscribed[id] ?? 0, bounced: count[.bounced] ?? 0,
                        complaints: complaints[id] ?? 0)
                )
            })
    }
}
