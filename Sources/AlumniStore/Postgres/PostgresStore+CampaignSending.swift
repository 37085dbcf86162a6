import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Sending campaigns on PostgreSQL: starting once, queueing a batch per transaction (each
/// message unique per campaign and person), previews and test sends, with the statements of
/// `CampaignWrites` and `CampaignRecipientRows`, as SQLite's store runs them.
extension PostgresStore {
    /// Starts sending a draft campaign: from `start` (default now), at most `ratePerMinute`
    /// messages a minute. Only the first call starts it; any later one gets ``CampaignAlreadySent``.
    public func startCampaign(id: Int64, start: Date? = nil, ratePerMinute: Int? = nil, actor: Caller) async throws
        -> Campaign
    {
        try await authorize(.manageCampaigns, actor)
        try CampaignWrites.checkRate(ratePerMinute)
        return try await transaction { connection in
            let now = clock.now()
            let started = try await rows(
                CampaignWrites.startSQL,
                CampaignWrites.startValues(id: id, start: start, ratePerMinute: ratePerMinute, now: now),
                on: connection)
            let campaign = try await campaign(id: id, on: connection)
            guard !started.isEmpty else { throw CampaignAlreadySent(campaignId: id, status: campaign.status) }
            try await audit(
                "campaign.sending", personId: nil, actor: actor.name, at: now,
                detail: CampaignWrites.startDetail(id: id, start: start, ratePerMinute: ratePerMinute), on: connection)
            return campaign
        }
    }

    /// The campaigns whose sending was started and whose messages are not all queued yet.
    public func startedCampaigns() async throws -> [Int64] {
        try await rows(CampaignWrites.startedSQL).map { $0["id"] }
    }

    /// Writes one outbox message per eligible recipient, `batch` people per transaction, each
    /// unique per (campaign, person): a second run queues only who is missing. The next batch
    /// renders on every core while one is written.
    public func queueCampaign(
        id: Int64, renderer: any CampaignRenderer, start: Date? = nil, ratePerMinute: Int? = nil, batch: Int = 500,
        actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> CampaignQueueReport {
        try await authorize(.manageCampaigns, actor)
        let campaign = try await snapshot { connection in try await self.campaign(id: id, on: connection) }
        let first = start ?? campaign.sendAt ?? clock.now()
        let ratePerMinute = ratePerMinute ?? campaign.ratePerMinute
        let alreadyQueued: Int = try await transaction { connection in
            if !(try await rows(CampaignWrites.sendingSQL, [id], on: connection)).isEmpty {
                try await audit(
                    "campaign.sending", personId: nil, actor: actor.name, at: clock.now(), detail: "#\(id)",
                    on: connection)
            }
            return try await rows(CampaignWrites.queuedCountSQL, [id], on: connection).first?["n"] ?? 0
        }
        var queued = 0
        var lastId: Int64 = 0
        var rendered: [NewOutboxMessage] = []
        while true {
            let after = lastId
            let recipients = try await snapshot { connection in
                try await pendingRecipients(of: campaign, after: after, limit: batch, on: connection)
            }
            let rendering = PendingRender(recipients, renderer: renderer)
            if !rendered.isEmpty {
                queued += try await enqueue(
                    rendered, from: alreadyQueued + queued, first: first, ratePerMinute: ratePerMinute)
            }
            onProgress(queued)
            rendered = try await rendering.messages()
            if rendered.isEmpty { break }
            lastId = recipients[recipients.count - 1].person.id
        }
        try await transaction { connection in
            let now = clock.now()
            _ = try await rows(CampaignWrites.queuedSQL, [now.stored, id], on: connection)
            try await audit(
                "campaign.queued", personId: nil, actor: actor.name, at: now, detail: "#\(id): \(queued) messages",
                on: connection)
        }
        return CampaignQueueReport(queued: queued, alreadyQueued: alreadyQueued)
    }

    /// Writes `messages` in one transaction, the first at `position` of the campaign's
    /// schedule; answers how many were new.
    private func enqueue(_ messages: [NewOutboxMessage], from position: Int, first: Date, ratePerMinute: Int?)
        async throws -> Int
    {
        try await transaction { connection in
            let now = clock.now()
            var written = 0
            for message in messages {
                let sendAt = CampaignWrites.sendAt(
                    position: position + written, first: first, ratePerMinute: ratePerMinute)
                if try await enqueue(message, at: now, sendAt: sendAt, on: connection) != nil { written += 1 }
            }
            return written
        }
    }

    /// What one person gets (or would get) from the campaign, whether or not they are in its audience.
    public func previewCampaign(
        id: Int64, personId: Int64, rendering: any CampaignRendering, as caller: Caller
    ) async throws -> CampaignPreview {
        let recipient = try await campaignRecipient(campaignId: id, personId: personId, as: caller)
        return try rendering.renderer(for: try await campaign(id: id, as: caller)).preview(for: recipient)
    }

    /// Queues one copy of the campaign to `address`, rendered as `personId` would get it, else
    /// as the first person of its audience would.
    public func testCampaign(
        id: Int64, to address: String, personId: Int64? = nil, rendering: any CampaignRendering, actor: Caller
    ) async throws -> CampaignTestSend {
        try await authorize(.manageCampaigns, actor)
        try CampaignWrites.checkTestAddress(address)
        let campaign = try await self.campaign(id: id, as: actor)
        let recipient: CampaignRecipient
        if let personId {
            recipient = try await campaignRecipient(campaignId: id, personId: personId, as: actor)
        } else {
            guard let sample = try await sampleCampaignRecipient(campaignId: id, as: actor) else {
                throw CampaignWrites.nobodyToRender(id)
            }
            recipient = sample
        }
        let message = try rendering.renderer(for: campaign).testMessage(for: recipient, to: address)
        let outboxId = try await transaction { connection in
            let now = clock.now()
            guard let outboxId = try await enqueue(message, at: now, on: connection) else {
                throw CampaignWrites.testAlreadyQueued
            }
            try await audit(
                "campaign.tested", personId: nil, actor: actor.name, at: now, detail: "#\(id)", on: connection)
            return outboxId
        }
        return CampaignTestSend(outboxId: outboxId, personId: recipient.person.id)
    }

    /// One recipient as the templates would see them, whether or not they are in the segment.
    public func campaignRecipient(campaignId: Int64, personId: Int64, as caller: Caller) async throws
        -> CampaignRecipient
    {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            let campaign = try await campaign(id: campaignId, on: connection)
            return try await recipients([try await person(id: personId, on: connection)], of: campaign, on: connection)[
                0]
        }
    }

    /// The first eligible recipient of the campaign, for a test send; nil when nobody is.
    public func sampleCampaignRecipient(campaignId: Int64, as caller: Caller) async throws -> CampaignRecipient? {
        try await authorize(.manageCampaigns, caller)
        return try await snapshot { connection in
            let campaign = try await campaign(id: campaignId, on: connection)
            return try await pendingRecipients(
                of: campaign, after: 0, limit: 1, includeQueued: true, on: connection
            ).first
        }
    }

    private func pendingRecipients(
        of campaign: Campaign, after: Int64, limit: Int, includeQueued: Bool = false, on connection: PostgresConnection
    ) async throws -> [CampaignRecipient] {
        let (sql, values) = CampaignRecipientRows.pending(
            campaign, after: after, limit: limit, includeQueued: includeQueued, .postgres)
        var people = try await rows(sql, values, on: connection).map(Person.init(row:))
        let tags = try await tags(of: people.map(\.id), on: connection)
        for index in people.indices { people[index].fields.tags = tags[people[index].id] ?? [] }
        return try await recipients(people, of: campaign, on: connection)
    }

    private func recipients(_ people: [Person], of campaign: Campaign, on connection: PostgresConnection) async throws
        -> [CampaignRecipient]
    {
        guard !people.isEmpty else { return [] }
        let ids = people.map(\.id)
        let (pensionSQL, pensionValues) = CampaignRecipientRows.pensions(of: ids, campaign, .postgres)
        return CampaignRecipientRows.recipients(
            people,
            employers: try await rows(CampaignRecipientRows.employersSQL(count: ids.count), ids, on: connection),
            pensions: campaign.segment.isPensionSegment
                ? try await rows(pensionSQL, pensionValues, on: connection).map(PensionArrangement.init(row:)) : [],
            versions: try await linkVersions(of: ids, on: connection),
            today: try await businessCalendar(on: connection).day(of: clock.now()))
    }
}
