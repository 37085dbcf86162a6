import AlumniCore
import Foundation
import GRDB

/// What sending a campaign did.
public struct CampaignQueueReport: Sendable, Encodable, Equatable {
    /// Messages written to the outbox now.
    public var queued: Int
    /// Messages the campaign had in the outbox already (from an earlier, interrupted send).
    public var alreadyQueued: Int

    public init(queued: Int, alreadyQueued: Int) {
        self.queued = queued
        self.alreadyQueued = alreadyQueued
    }
}

extension AlumniDatabase {
    /// Writes one outbox message per eligible recipient, `batch` people per transaction, each
    /// unique per (campaign, person): sending again after a crash or by mistake queues only who
    /// is missing, so nobody gets the message twice. Consent is checked as each batch is read,
    /// and once more by delivery. With `ratePerMinute` the messages are spread out from `start`;
    /// either defaults to what ``startCampaign(id:start:ratePerMinute:actor:)`` stored, then to now
    /// and no limit.
    public func queueCampaign(
        id: Int64, renderer: any CampaignRenderer, start: Date? = nil, ratePerMinute: Int? = nil, batch: Int = 500,
        actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) throws -> CampaignQueueReport {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        let campaign = try writer.read { db in try fetchCampaign(id: id, in: db) }
        let start = start ?? campaign.sendAt
        let ratePerMinute = ratePerMinute ?? campaign.ratePerMinute
        let alreadyQueued = try write { db in
            try db.execute(
                sql: "UPDATE campaign SET status = 'sending' WHERE id = ? AND status = 'draft'", arguments: [id])
            if db.changesCount > 0 {
                try AuditLog.record(
                    "campaign.sending", personId: nil, actor: actor, at: clock.now(), detail: "#\(id)", in: db)
            }
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox_message WHERE campaign_id = ?", arguments: [id])
                ?? 0
        }
        let first = start ?? clock.now()
        var queued = 0
        var lastId: Int64 = 0
        var rendered: [NewOutboxMessage] = []
        while true {
            let recipients = try writer.read { db in
                try pendingRecipients(of: campaign, after: lastId, limit: batch, in: db)
            }
            // Rendering is most of the work and needs no database: this batch renders on every
            // core while the one before is written.
            let rendering = PendingRender(recipients, renderer: renderer)
            try write { db in
                let now = clock.now()
                for message in rendered {
                    let position = Double(alreadyQueued + queued)
                    let sendAt = ratePerMinute.map { first.addingTimeInterval(position * 60 / Double($0)) } ?? first
                    if try enqueue(message, at: now, sendAt: sendAt, in: db) != nil { queued += 1 }
                }
            }
            onProgress(queued)
            rendered = try rendering.messages()
            if rendered.isEmpty { break }
            lastId = recipients[recipients.count - 1].person.id
        }
        try write { db in
            let now = clock.now()
            try db.execute(
                sql: "UPDATE campaign SET status = 'queued', queued_at = ? WHERE id = ?", arguments: [now.stored, id])
            try AuditLog.record(
                "campaign.queued", personId: nil, actor: actor, at: now, detail: "#\(id): \(queued) messages", in: db)
        }
        return CampaignQueueReport(queued: queued, alreadyQueued: alreadyQueued)
    }

    /// How the campaign's messages are doing.
    public func campaignProgress(id: Int64, as caller: Caller) throws -> CampaignProgress {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            _ = try fetchCampaign(id: id, in: db)
            return try progress(ofCampaign: id, in: db)
        }
    }

    /// One campaign with how its messages are doing.
    public func campaignOverview(id: Int64, as caller: Caller) throws -> CampaignOverview {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            CampaignOverview(
                campaign: try fetchCampaign(id: id, in: db), progress: try progress(ofCampaign: id, in: db))
        }
    }

    /// Campaigns, newest first, each with how its messages are doing.
    public func campaignOverviews(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<CampaignOverview> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try campaignOverviews(limit: limit, offset: offset, in: db) }
    }

    /// Campaigns, newest first, as the desk's lists show them: name, status, languages, figures.
    public func campaignSummaries(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<CampaignSummary> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try campaignSummaries(limit: limit, offset: offset, in: db) }
    }

    func campaignSummaries(limit: Int, offset: Int, in db: Database) throws -> Page<CampaignSummary> {
        Page(
            items: try CampaignRows.summaries(limit: limit, offset: offset, in: db),
            total: try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM campaign")) ?? 0, limit: limit,
            offset: offset)
    }

    func campaignOverviews(limit: Int, offset: Int, in db: Database) throws -> Page<CampaignOverview> {
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM campaign")) ?? 0
        let campaigns = try CampaignRows.page(limit: limit, offset: offset, in: db)
        let progress = try CampaignRows.progress(of: campaigns.map(\.id), in: db)
        return Page(
            items: campaigns.map { CampaignOverview(campaign: $0, progress: progress[$0.id]!) }, total: total,
            limit: limit, offset: offset)
    }

    private func progress(ofCampaign id: Int64, in db: Database) throws -> CampaignProgress {
        try CampaignRows.progress(of: [id], in: db)[id]!
    }

    /// Eligible people with no message of this campaign yet, by id after `after`.
    func pendingRecipients(
        of campaign: Campaign, after: Int64, limit: Int, in db: Database, includeQueued: Bool = false
    ) throws -> [CampaignRecipient] {
        let (segmentSQL, segmentArguments) = campaign.segment.condition()
        let notQueued =
            includeQueued
            ? ""
            : """
            AND NOT EXISTS (
                SELECT 1 FROM outbox_message WHERE campaign_id = ? AND person_id = person.id AND topic IS NOT NULL)
            """
        var people = try db.makeStatement(
            sql: """
                SELECT \(PersonRows.columns) FROM person
                WHERE \(segmentSQL) AND \(AudienceSQL.exclusion) IS NULL AND person.id > ? \(notQueued)
                ORDER BY person.id LIMIT ?
                """
        ).fetchAll(
            arguments: segmentArguments + [campaign.topic, after] + (includeQueued ? [] : [campaign.id]) + [limit],
            Person.init(columns:))
        let tags = try PersonRows.tags(of: people.map(\.id), in: db)
        for index in people.indices { people[index].fields.tags = tags[people[index].id] ?? [] }
        return try recipients(people, of: campaign, in: db)
    }

    /// Adds what templates merge besides the person: years, latest employer, and for pension
    /// notices the arrangement that matched.
    func recipients(_ people: [Person], of campaign: Campaign, in db: Database) throws -> [CampaignRecipient] {
        guard !people.isEmpty else { return [] }
        let ids = people.map(\.id)
        let marks = databaseQuestionMarks(count: ids.count)
        var employers: [Int64: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT person_id, entity FROM employment_period WHERE person_id IN (\(marks)) ORDER BY from_date",
            arguments: StatementArguments(ids))
        {
            employers[row["person_id"]] = row["entity"]
        }
        var pensions: [Int64: PensionArrangement] = [:]
        if campaign.segment.isPensionSegment {
            let (condition, values) = campaign.segment.pensionCondition()
            for arrangement in try PensionArrangement.fetchAll(
                db,
                sql: """
                    SELECT * FROM pension_arrangement WHERE person_id IN (\(marks)) AND \(condition)
                    ORDER BY from_date DESC
                    """, arguments: StatementArguments(ids) + StatementArguments(values))
            {
                pensions[arrangement.personId] = arrangement
            }
        }
        let versions = try linkVersions(of: ids, in: db)
        let today = try businessCalendar(in: db).day(of: clock.now())
        return people.map {
            CampaignRecipient(
                person: $0, years: $0.yearsWithUs(today: today), employer: employers[$0.id], pension: pensions[$0.id],
                linkVersion: versions[$0.id] ?? 0)
        }
    }
}

/// A batch of messages being rendered on every core; `messages()` waits for them.
private final class PendingRender: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var results: [Result<NewOutboxMessage, any Error>?]

    init(_ recipients: [CampaignRecipient], renderer: any CampaignRenderer) {
        results = Array(repeating: nil, count: recipients.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, recipients.count))
        for worker in 0..<workers {
            DispatchQueue.global().async(group: group) {
                for index in stride(from: worker, to: recipients.count, by: workers) {
                    let result = Result { try renderer.message(for: recipients[index]) }
                    self.lock.withLock { self.results[index] = result }
                }
            }
        }
    }

    /// The messages in the recipients' order; the first error wins.
    func messages() throws -> [NewOutboxMessage] {
        group.wait()
        return try lock.withLock { try results.map { try $0!.get() } }
    }
}
