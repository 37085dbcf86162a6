import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    // MARK: - Writes

    /// Creates a draft campaign with its first template, which is also its default.
    public func createCampaign(_ new: NewCampaign, actor: Caller) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        var errors: [FieldError] = []
        let name = new.name.trimmedForStorage
        if name == nil { errors.append(FieldError(field: "name", reason: "is required")) }
        errors += Self.problems(of: new.template)
        var segment = new.segment
        do { segment = try new.segment.validated() } catch { errors += error.errors }
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
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

    /// Adds or replaces the campaign's template in one language; only drafts can change.
    public func setCampaignTemplate(campaignId: Int64, _ template: CampaignTemplate, actor: Caller) throws -> Campaign {
        try authorize(.manageCampaigns, actor)
        let actor = actor.name
        let errors = Self.problems(of: template)
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try write { db in
            let campaign = try fetchCampaign(id: campaignId, in: db)
            guard campaign.status == .draft else {
                throw ValidationFailure([
                    FieldError(
                        field: "id",
                        reason: "campaign #\(campaignId) is \(campaign.status.rawValue); only drafts change")
                ])
            }
            try saveTemplate(template, campaignId: campaignId, in: db)
            try AuditLog.record(
                "campaign.template", personId: nil, actor: actor, at: clock.now(),
                detail: "#\(campaignId) \(template.language.rawValue)", in: db)
            return try fetchCampaign(id: campaignId, in: db)
        }
    }

    private static func problems(of template: CampaignTemplate) -> [FieldError] {
        var errors: [FieldError] = []
        if template.subject.trimmedForStorage == nil {
            errors.append(FieldError(field: "subject-template", reason: "is required"))
        }
        if template.body.trimmedForStorage == nil { errors.append(FieldError(field: "body", reason: "is empty")) }
        return errors
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
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign") ?? 0
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM campaign ORDER BY id DESC LIMIT ? OFFSET ?", arguments: [limit, offset])
            return Page(
                items: try ids.map { try fetchCampaign(id: $0, in: db) }, total: total, limit: limit, offset: offset)
        }
    }

    func fetchCampaign(id: Int64, in db: Database) throws -> Campaign {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM campaign WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("campaign #\(id)")
        }
        let templates = try Row.fetchAll(
            db, sql: "SELECT language, subject, body FROM campaign_template WHERE campaign_id = ? ORDER BY language",
            arguments: [id]
        ).map { CampaignTemplate(language: $0["language"], subject: $0["subject"], body: $0["body"]) }
        let segment = try JSONDecoder().decode(CampaignSegment.self, from: Data((row["segment"] as String).utf8))
        return Campaign(
            id: id, name: row["name"], topic: row["topic"], segment: segment, defaultLanguage: row["default_language"],
            templates: templates, status: row["status"], createdAt: row["created_at"], createdBy: row["created_by"],
            queuedAt: row["queued_at"])
    }
}
