import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    // MARK: - Writes

    /// Creates a draft campaign with its first template, which is also its default. With
    /// `rendering`, a template that would not render is refused, naming its part.
    public func createCampaign(
        _ new: NewCampaign, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        let (name, segment) = try Self.checked(
            name: new.name, segment: new.segment, more: try problems(of: new.template, rendering))
        let encoded = String(decoding: try JSONEncoder().encode(segment), as: UTF8.self)
        return try write { db in
            let now = clock.now()
            try db.execute(
                sql: """
                    INSERT INTO campaign (name, topic, segment, default_language, status, created_at, created_by)
                    VALUES (?, ?, ?, ?, 'draft', ?, ?)
                    """, arguments: [name, new.topic, encoded, new.template.language, now.stored, actor])
            let id = db.lastInsertedRowID
            try saveTemplate(new.template, campaignId: id, in: db)
            try AuditLog.record("campaign.created", personId: nil, actor: actor, at: now, detail: "#\(id)", in: db)
            return try fetchCampaign(id: id, in: db)
        }
    }

    /// Changes a draft's name, topic and segment.
    public func updateCampaign(
        id: Int64, name: String, topic: ContactTopic, segment: CampaignSegment, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let (name, segment) = try Self.checked(name: name, segment: segment, more: [])
        let encoded = String(decoding: try JSONEncoder().encode(segment), as: UTF8.self)
        return try write { db in
            try requireDraft(id, in: db)
            try db.execute(
                sql: "UPDATE campaign SET name = ?, topic = ?, segment = ? WHERE id = ?",
                arguments: [name, topic, encoded, id])
            try AuditLog.record(
                "campaign.changed", personId: nil, actor: actor.name, at: clock.now(), detail: "#\(id)", in: db)
            return try fetchCampaign(id: id, in: db)
        }
    }

    /// Adds or replaces the campaign's template in one language; only drafts can change. With
    /// `rendering`, a template that would not render is refused, naming its part.
    public func setCampaignTemplate(
        campaignId: Int64, _ template: CampaignTemplate, rendering: (any CampaignRendering)? = nil, actor: Caller
    ) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        let errors = try problems(of: template, rendering)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try write { db in
            try requireDraft(campaignId, in: db)
            try saveTemplate(template, campaignId: campaignId, in: db)
            try AuditLog.record(
                "campaign.template", personId: nil, actor: actor, at: clock.now(),
                detail: "#\(campaignId) \(template.language.rawValue)", in: db)
            return try fetchCampaign(id: campaignId, in: db)
        }
    }

    /// The trimmed name and the cleaned segment, or every problem with them and `more`.
    private static func checked(
        name: String, segment: CampaignSegment, more: [FieldError]
    ) throws -> (String, CampaignSegment) {
        var errors: [FieldError] = []
        let name = name.trimmedForStorage
        if name == nil { errors.append(FieldError(field: "name", reason: "is required")) }
        var clean = segment
        do { clean = try segment.validated() } catch { errors += error.errors }
        errors += more
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
        return (name, clean)
    }

    private func problems(of template: CampaignTemplate, _ rendering: (any CampaignRendering)?) throws -> [FieldError] {
        var errors: [FieldError] = []
        if template.subject.trimmedForStorage == nil {
            errors.append(FieldError(field: "subject-template", reason: "is required"))
        }
        if template.body.trimmedForStorage == nil { errors.append(FieldError(field: "body", reason: "is empty")) }
        guard errors.isEmpty, let rendering else { return errors }
        do { try rendering.check(template) } catch let failure as ValidationFailure { return failure.errors }
        return []
    }

    /// Throws unless campaign `id` is a draft: sent campaigns keep what they were sent with.
    private func requireDraft(_ id: Int64, in db: Database) throws {
        let campaign = try fetchCampaign(id: id, in: db)
        guard campaign.status == .draft else {
            throw ValidationFailure([
                FieldError(field: "id", reason: "campaign #\(id) is \(campaign.status.rawValue); only drafts change")
            ])
        }
    }

    private func saveTemplate(_ template: CampaignTemplate, campaignId: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO campaign_template (campaign_id, language, subject, body) VALUES (?, ?, ?, ?)
                ON CONFLICT (campaign_id, language) DO UPDATE SET subject = excluded.subject, body = excluded.body
                """, arguments: [campaignId, template.language, template.subject, template.body])
    }

    // MARK: - Reads

    /// One campaign with its templates.
    public func campaign(id: Int64, as caller: Caller) throws -> Campaign {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in try fetchCampaign(id: id, in: db) }
    }

    /// Campaigns, newest first.
    public func campaigns(limit: Int, offset: Int = 0, as caller: Caller) throws -> Page<Campaign> {
        try authorize(.manageCampaigns, caller)
        return try writer.read { db in
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM campaign")) ?? 0
            return Page(
                items: try CampaignRows.page(limit: limit, offset: offset, in: db), total: total, limit: limit,
                offset: offset)
        }
    }

    func fetchCampaign(id: Int64, in db: Database) throws -> Campaign {
        guard let campaign = try CampaignRows.fetch(id: id, in: db) else {
            throw StoreError.notFound("campaign #\(id)")
        }
        return campaign
    }
}
