import AlumniCore
import Foundation

/// A campaign's settings as the desk's form sends them: name, topic and the segment, built
/// with the same conditions as `alumni campaigns create`; and a template in one language.
struct CampaignForm {
    var name: String
    var topic: ContactTopic?
    var segment: CampaignSegment

    /// The settings in `form`; a value that is not one of its kind is a ``DeskError/badInput`` naming the field.
    init(_ form: DeskForm) throws {
        name = form["name"] ?? ""
        topic = try form.choice("topic")
        var segment = CampaignSegment()
        segment.kinds = try Self.choices(form, "kind")
        segment.languages = try Self.choices(form, "segment-language")
        segment.sentiments = try Self.choices(form, "sentiment")
        segment.leftAfter = try Self.date(form, "left-after")
        segment.leftBefore = try Self.date(form, "left-before")
        segment.countries = Self.list(form["country"])
        segment.tags = Self.list(form["tag"])
        segment.employer = Self.text(form["employer"])
        segment.pensionProvider = Self.text(form["pension-provider"])
        segment.pensionPlan = Self.text(form["pension-plan"])
        segment.coveredFrom = try Self.date(form, "covered-from")
        segment.coveredTo = try Self.date(form, "covered-to")
        self.segment = segment
    }

    init(name: String, topic: ContactTopic?, segment: CampaignSegment) {
        self.name = name
        self.topic = topic
        self.segment = segment
    }

    init(_ campaign: Campaign) {
        name = campaign.name
        topic = campaign.topic
        segment = campaign.segment
    }

    /// The topic, which a campaign needs.
    func requiredTopic() throws -> ContactTopic {
        guard let topic else { throw DeskError.badInput(field: "topic", reason: "is required") }
        return topic
    }

    /// The template in `form`: its language, subject and body.
    static func template(_ form: DeskForm) throws -> CampaignTemplate {
        CampaignTemplate(
            language: try form.requiredChoice("language"), subject: form["subject"] ?? "", body: form["body"] ?? "")
    }

    private static func choices<T: RawRepresentable<String>>(_ form: DeskForm, _ name: String) throws -> [T] {
        try form.all(name).map { raw in
            guard let value = T(rawValue: raw) else {
                throw DeskError.badInput(field: name, reason: "'\(raw)' is unknown")
            }
            return value
        }
    }

    private static func date(_ form: DeskForm, _ name: String) throws -> CalendarDate? {
        guard let raw = text(form[name]) else { return nil }
        guard let day = CalendarDate(iso: raw) else {
            throw DeskError.badInput(field: name, reason: "'\(raw)' is not a day like 2026-01-31")
        }
        return day
    }

    /// Comma-separated values, each trimmed, empty ones left out.
    private static func list(_ raw: String?) -> [String] {
        (raw ?? "").split(separator: ",").compactMap { text(String($0)) }
    }

    private static func text(_ raw: String?) -> String? {
        guard let trimmed = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
