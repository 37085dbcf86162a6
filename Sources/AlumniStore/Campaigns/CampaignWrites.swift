import AlumniCore
import Foundation
import GRDB

/// What changes a campaign, as both stores do it: the checks, the statements and the audit
/// trail's words. A campaign changes only while it is a draft; sending starts once.
enum CampaignWrites {
    /// Adds a draft campaign and answers its `id`: bound with ``insertValues(_:name:segment:at:actor:)``.
    static let insertSQL = """
        INSERT INTO campaign (name, topic, segment, default_language, status, created_at, created_by)
        VALUES (?, ?, ?, ?, 'draft', ?, ?) RETURNING id
        """
    static func insertValues(_ new: NewCampaign, name: String, segment: String, at now: Date, actor: String)
        -> [(any DatabaseValueConvertible)?]
    {
        [name, new.topic, segment, new.template.language, now.stored, actor]
    }

    /// Changes a draft's name, topic and segment (its JSON), its id bound last.
    static let updateSQL = "UPDATE campaign SET name = ?, topic = ?, segment = ? WHERE id = ?"

    /// Adds or replaces a template: bound with ``templateValues(_:campaignId:)``.
    static let templateSQL = """
        INSERT INTO campaign_template (campaign_id, language, subject, body) VALUES (?, ?, ?, ?)
        ON CONFLICT (campaign_id, language) DO UPDATE SET subject = excluded.subject, body = excluded.body
        """
    static func templateValues(_ template: CampaignTemplate, campaignId: Int64) -> [(any DatabaseValueConvertible)?] {
        [campaignId, template.language, template.subject, template.body]
    }

    /// Starts a draft sending, answering its id only if it was a draft: bound with
    /// ``startValues(id:start:ratePerMinute:now:)``.
    static let startSQL = """
        UPDATE campaign SET status = 'sending', send_at = ?, rate_per_minute = ?
        WHERE id = ? AND status = 'draft' RETURNING id
        """
    static func startValues(id: Int64, start: Date?, ratePerMinute: Int?, now: Date)
        -> [(any DatabaseValueConvertible)?]
    {
        [max(start ?? now, now).stored, ratePerMinute, id]
    }

    /// Marks a draft sending as its queueing begins (a send from the command line), answering
    /// its id only if it was a draft; the campaign's id bound.
    static let sendingSQL = "UPDATE campaign SET status = 'sending' WHERE id = ? AND status = 'draft' RETURNING id"
    /// How many of its recipients' messages the campaign has in the outbox (test sends, which
    /// have no topic, left out), as `n`; its id bound.
    static let queuedCountSQL = "SELECT COUNT(*) AS n FROM outbox_message WHERE campaign_id = ? AND topic IS NOT NULL"
    /// Marks the campaign queued: the instant, then its id bound.
    static let queuedSQL = "UPDATE campaign SET status = 'queued', queued_at = ? WHERE id = ?"
    /// The campaigns being sent whose messages are not all queued yet.
    static let startedSQL = "SELECT id FROM campaign WHERE status = 'sending' ORDER BY id"

    /// The trimmed name and the cleaned segment as JSON, or every problem with them and `more`.
    static func checked(name: String, segment: CampaignSegment, more: [FieldError]) throws -> (String, String) {
        var errors: [FieldError] = []
        let name = name.trimmedForStorage
        if name == nil { errors.append(FieldError(field: "name", reason: "is required")) }
        var clean = segment
        do { clean = try segment.validated() } catch { errors += error.errors }
        errors += more
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
        return (name, String(decoding: try JSONEncoder().encode(clean), as: UTF8.self))
    }

    /// What is wrong with `template`; with `rendering`, whatever would not render, naming its part.
    static func problems(of template: CampaignTemplate, _ rendering: (any CampaignRendering)?) throws -> [FieldError] {
        var errors: [FieldError] = []
        if template.subject.trimmedForStorage == nil {
            errors.append(FieldError(field: "subject-template", reason: "is required"))
        }
        if template.body.trimmedForStorage == nil { errors.append(FieldError(field: "body", reason: "is empty")) }
        guard errors.isEmpty, let rendering else { return errors }
        do { try rendering.check(template) } catch let failure as ValidationFailure { return failure.errors }
        return []
    }

    /// Throws unless `campaign` is a draft: sent campaigns keep what they were sent with.
    static func requireDraft(_ campaign: Campaign) throws {
        guard campaign.status == .draft else {
            throw ValidationFailure([
                FieldError(
                    field: "id", reason: "campaign #\(campaign.id) is \(campaign.status.rawValue); only drafts change")
            ])
        }
    }

    /// Throws unless `ratePerMinute` is a rate a send may ask for.
    static func checkRate(_ ratePerMinute: Int?) throws {
        if let ratePerMinute, !(1...1_000_000).contains(ratePerMinute) {
            throw ValidationFailure([FieldError(field: "rate", reason: "must be 1 to 1,000,000 messages a minute")])
        }
    }

    /// The audit trail's words for starting campaign `id`: its schedule, if it has one.
    static func startDetail(id: Int64, start: Date?, ratePerMinute: Int?) -> String {
        let schedule = [
            start.map { "from \(ISO8601DateFormatter().string(from: $0))" },
            ratePerMinute.map { "\($0)/min" },
        ].compactMap { $0 }
        return (["#\(id)"] + schedule).joined(separator: " ")
    }

    /// When the message at `position` of a campaign goes out: spread from `first` at
    /// `ratePerMinute`, or all at `first` without a rate.
    static func sendAt(position: Int, first: Date, ratePerMinute: Int?) -> Date {
        ratePerMinute.map { first.addingTimeInterval(Double(position) * 60 / Double($0)) } ?? first
    }

    /// Throws unless a test send may go to `address`.
    static func checkTestAddress(_ address: String) throws {
        guard EmailAddress.isValid(address) else {
            throw ValidationFailure([FieldError(field: "to", reason: "'\(address)' is not an email address")])
        }
    }

    /// Why a test send has nobody to render the campaign for.
    static func nobodyToRender(_ id: Int64) -> ValidationFailure {
        ValidationFailure([
            FieldError(field: "person", reason: "nobody would get campaign #\(id); name someone to render it for")
        ])
    }

    /// Why a test send was not queued: the same message was, a moment ago.
    static let testAlreadyQueued = StoreError.notFound("a new test message (the same one was just queued)")
}
