import AlumniCore
import Foundation
import GRDB

/// Reads campaigns and their figures a page at a time: a handful of statements for a page of
/// fifty campaigns, not a handful for each one (the campaign list and the overview are read on
/// every look).
enum CampaignRows {
    /// Campaigns, newest first.
    static func page(limit: Int, offset: Int, in db: Database) throws -> [Campaign] {
        try campaigns(Row.fetchAll(db.cachedStatement(sql: pageSQL), arguments: [limit, offset]), in: db)
    }

    /// A page of campaigns, newest first, the limit and offset bound.
    static let pageSQL = "SELECT * FROM campaign ORDER BY id DESC LIMIT ? OFFSET ?"
    /// Campaign #`id`, its id bound.
    static let byIdSQL = "SELECT * FROM campaign WHERE id = ?"
    /// How many campaigns there are, as `total`.
    static let countSQL = "SELECT COUNT(*) AS total FROM campaign"

    /// Campaigns, newest first, as a list shows them: without decoding their segments or
    /// reading their texts.
    static func summaries(limit: Int, offset: Int, in db: Database) throws -> [CampaignSummary] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: summariesSQL), arguments: [limit, offset])
        let ids: [Int64] = rows.map { $0["id"] }
        guard !ids.isEmpty else { return [] }
        return summaries(
            rows,
            languages: try Row.fetchAll(db, sql: languagesSQL(count: ids.count), arguments: StatementArguments(ids)),
            progress: try progress(of: ids, in: db))
    }

    /// A page of campaigns as lists show them, the limit and offset bound.
    static let summariesSQL = "SELECT id, name, topic, status FROM campaign ORDER BY id DESC LIMIT ? OFFSET ?"
    /// The languages of `count` campaigns (their ids bound), in order.
    static func languagesSQL(count: Int) -> String {
        """
        SELECT campaign_id, language FROM campaign_template
        WHERE campaign_id IN (\(databaseQuestionMarks(count: count))) ORDER BY campaign_id, language
        """
    }

    /// The summaries of campaign `rows` (of ``summariesSQL``), with their `languages` (of ``languagesSQL(count:)``).
    static func summaries(_ rows: [Row], languages: [Row], progress: [Int64: CampaignProgress]) -> [CampaignSummary] {
        let written = Dictionary(grouping: languages, by: { $0["campaign_id"] as Int64 })
        return rows.map { row in
            let id: Int64 = row["id"]
            return CampaignSummary(
                id: id, name: row["name"], topic: row["topic"], status: row["status"],
                languages: (written[id] ?? []).compactMap { Language(rawValue: $0["language"]) },
                progress: progress[id]!)
        }
    }

    /// Campaign #`id`, if there is one.
    static func fetch(id: Int64, in db: Database) throws -> Campaign? {
        try campaigns(Row.fetchAll(db.cachedStatement(sql: byIdSQL), arguments: [id]), in: db).first
    }

    private static func campaigns(_ rows: [Row], in db: Database) throws -> [Campaign] {
        let ids = rows.map { $0["id"] as Int64 }
        return try campaigns(
            rows,
            templates: ids.isEmpty
                ? []
                : Row.fetchAll(
                    db.cachedStatement(sql: templatesSQL(count: ids.count)), arguments: StatementArguments(ids)))
    }

    /// The templates of `count` campaigns (their ids bound), by campaign and language.
    static func templatesSQL(count: Int) -> String {
        """
        SELECT campaign_id, language, subject, body FROM campaign_template
        WHERE campaign_id IN (\(databaseQuestionMarks(count: count))) ORDER BY campaign_id, language
        """
    }

    /// The campaigns of `rows` (of ``pageSQL`` or ``byIdSQL``) with their `templates` (of ``templatesSQL(count:)``).
    static func campaigns(_ rows: [Row], templates templateRows: [Row]) throws -> [Campaign] {
        var templates: [Int64: [CampaignTemplate]] = [:]
        for row in templateRows {
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
        guard !ids.isEmpty else { return [:] }
        let arguments = StatementArguments(ids)
        return progress(
            of: ids,
            tallies: try Row.fetchAll(db.cachedStatement(sql: talliesSQL(count: ids.count)), arguments: arguments),
            unsubscribes: try Row.fetchAll(
                db.cachedStatement(sql: unsubscribesSQL(count: ids.count)),
                arguments: StatementArguments(unsubscribeSources(ids))),
            complaints: try Row.fetchAll(db.cachedStatement(sql: complaintsSQL(count: ids.count)), arguments: arguments)
        )
    }

    /// How many of `count` campaigns' messages are in each status, their ids bound.
    static func talliesSQL(count: Int) -> String {
        "SELECT campaign_id, status, n FROM campaign_tally WHERE campaign_id IN (\(databaseQuestionMarks(count: count)))"
    }
    /// How many people unsubscribed through each of `count` campaigns, their sources bound.
    static func unsubscribesSQL(count: Int) -> String {
        """
        SELECT source, COUNT(DISTINCT person_id) AS n FROM preference_change
        WHERE source IN (\(databaseQuestionMarks(count: count))) GROUP BY source
        """
    }
    /// How many people complained about each of `count` campaigns, their ids bound. SQLite is
    /// told to start from the complaints (`CROSS JOIN` fixes its join order; PostgreSQL plans its own).
    static func complaintsSQL(count: Int, _ dialect: SQLDialect = .sqlite) -> String {
        """
        SELECT outbox_message.campaign_id, COUNT(DISTINCT inbound_mail.person_id) AS n FROM inbound_mail
        \(dialect == .sqlite ? "CROSS JOIN" : "JOIN") outbox_message ON outbox_message.id = inbound_mail.outbox_id
        WHERE inbound_mail.nature = 'complaint' AND outbox_message.campaign_id IN (\(databaseQuestionMarks(count: count)))
        GROUP BY outbox_message.campaign_id
        """
    }
    /// The preference-change sources of unsubscribing through campaigns `ids`, in their order.
    static func unsubscribeSources(_ ids: [Int64]) -> [String] { ids.map(Campaign.unsubscribeSource(campaignId:)) }

    /// The figures of campaigns `ids` from the rows of ``talliesSQL(count:)``,
    /// ``unsubscribesSQL(count:)`` and ``complaintsSQL(count:)``.
    static func progress(of ids: [Int64], tallies: [Row], unsubscribes: [Row], complaints complained: [Row])
        -> [Int64: CampaignProgress]
    {
        var counts: [Int64: [OutboxMessage.Status: Int]] = [:]
        for row in tallies { counts[row["campaign_id"], default: [:]][row["status"]] = row["n"] }
        let sources = Dictionary(uniqueKeysWithValues: ids.map { (Campaign.unsubscribeSource(campaignId: $0), $0) })
        var unsubscribed: [Int64: Int] = [:]
        for row in unsubscribes { if let id = sources[row["source"]] { unsubscribed[id] = row["n"] } }
        var complaints: [Int64: Int] = [:]
        for row in complained { complaints[row["campaign_id"]] = row["n"] }
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
