import AlumniCore
import AlumniResources
import Foundation
import Ink
import Mustache

/// Renders a campaign for each recipient: the template in their language (else the
/// campaign's default), merged with their fields, as text and as HTML (multipart/alternative),
/// with a signed one-click unsubscribe link (`List-Unsubscribe`, RFC 8058) and a link to
/// their preference page. Templates are compiled once, when this is made.
public struct CampaignMessages: CampaignRenderer {
    public let campaign: Campaign
    let from: Mailbox
    let links: LinkBuilder
    let clock: any WallClock
    private let compiled: [Language: Compiled]

    /// One language's message, compiled: the Markdown body becomes HTML once, with the
    /// Mustache tags kept out of Markdown's reach, so merged values are never read as Markdown.
    struct Compiled: Sendable {
        let subject: TextTemplate
        let text: TextTemplate
        let html: MustacheTemplate
    }

    /// - Throws: ``TemplateError`` naming the language and part that is not a valid template.
    public init(campaign: Campaign, from: Mailbox, links: LinkBuilder, clock: any WallClock, overrides: String? = nil)
        throws
    {
        self.campaign = campaign
        self.from = from
        self.links = links
        self.clock = clock
        var compiled: [Language: Compiled] = [:]
        for template in campaign.templates {
            compiled[template.language] = try Self.compile(template, overrides: overrides)
        }
        self.compiled = compiled
    }

    /// Checks that a template's subject and body are valid Mustache, before it is stored.
    public static func validate(_ template: CampaignTemplate) throws {
        _ = try compile(template, overrides: nil)
    }

    public func preview(for recipient: CampaignRecipient) throws -> CampaignPreview {
        let rendered = try rendered(recipient, now: clock.now())
        return CampaignPreview(
            personId: recipient.person.id, language: rendered.language, subject: rendered.subject,
            text: rendered.text, html: rendered.html)
    }

    private struct Rendered {
        var language: Language
        var subject, text, html, unsubscribe: String
        var parts: (String, String, String, String) { (subject, text, html, unsubscribe) }
    }

    private func rendered(_ recipient: CampaignRecipient, now: Date) throws -> Rendered {
        let person = recipient.person
        guard let language = campaign.template(for: person.fields.language)?.language, let compiled = compiled[language]
        else { throw TransportError("campaign #\(campaign.id) has no template") }
        let unsubscribe = links.unsubscribe(
            personId: person.id, topic: campaign.topic, campaignId: campaign.id, version: recipient.linkVersion,
            now: now)
        var values = recipient.templateValues
        values["unsubscribe_url"] = unsubscribe
        values["preferences_url"] = links.preferences(personId: person.id, version: recipient.linkVersion, now: now)
        values["topic"] = campaign.topic.rawValue
        let html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"></head><body>
            \(compiled.html.render(values))</body></html>
            """
        return Rendered(
            language: language, subject: compiled.subject.render(values), text: compiled.text.render(values),
            html: html,
            unsubscribe: unsubscribe)
    }

    public func message(for recipient: CampaignRecipient) throws -> NewOutboxMessage {
        guard let address = recipient.person.fields.email else {
            throw TransportError("person #\(recipient.person.id) has no email address")
        }
        return try message(
            for: recipient, to: address, dedupeKey: "campaign:\(campaign.id):person:\(recipient.person.id)",
            consent: (recipient.person.id, campaign.topic))
    }

    public func testMessage(for recipient: CampaignRecipient, to address: String) throws -> NewOutboxMessage {
        let stamp = Int64(clock.now().timeIntervalSince1970 * 1000)
        return try message(
            for: recipient, to: address, dedupeKey: "campaign:\(campaign.id):test:\(address):\(stamp)", consent: nil,
            about: recipient.person.id)
    }

    /// `about`: the person a test send shows, when it goes to someone else.
    private func message(
        for recipient: CampaignRecipient, to address: String, dedupeKey: String,
        consent: (personId: Int64, topic: ContactTopic)?, about: Int64? = nil
    ) throws -> NewOutboxMessage {
        let now = clock.now()
        let (subject, text, html, unsubscribe) = try rendered(recipient, now: now).parts
        let messageID =
            "<\(dedupeKey.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: "@", with: "."))@alumni-desk>"
        let mail = MailMessage(
            from: from, to: [Mailbox(name: recipient.person.displayName, address: address)], subject: subject,
            text: text, html: html, messageID: messageID, date: now,
            extraHeaders: [
                ("List-Unsubscribe", "<\(unsubscribe)>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ("Auto-Submitted", "auto-generated"),
            ])
        let payload = try Self.payloadEncoder.encode(
            Payload(
                campaignId: campaign.id, personId: recipient.person.id, to: address, subject: subject, text: text,
                unsubscribe: unsubscribe))
        return NewOutboxMessage(
            dedupeKey: dedupeKey, recipient: address, subject: subject, messageID: messageID, mime: mail.render(),
            payload: String(decoding: payload, as: UTF8.self), consent: consent, campaignId: campaign.id, about: about)
    }

    /// What the webhook transport posts: the text part; the HTML is in the MIME message.
    private struct Payload: Encodable {
        var campaignId: Int64
        var personId: Int64
        var to: String
        var subject: String
        var text: String
        var unsubscribe: String
    }

    private static let payloadEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func compile(_ template: CampaignTemplate, overrides: String?) throws -> Compiled {
        let language = template.language.rawValue
        let footer =
            AlumniResources.template("campaign-footer", language: language, overrides: overrides)
            ?? AlumniResources.template("campaign-footer", language: "en", overrides: overrides) ?? ""
        let markdown = template.body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n---\n\n" + footer
        let (shielded, tags) = shieldTags(markdown)
        var html = MarkdownParser().html(from: shielded)
        for (placeholder, tag) in tags { html = html.replacingOccurrences(of: placeholder, with: tag) }
        do {
            return Compiled(
                subject: try TextTemplate(template.subject, field: "subject-template (\(language))"),
                text: try TextTemplate(plainLinks(markdown), field: "body (\(language))"),
                html: try MustacheTemplate(string: html))
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(field: "body (\(language))", reason: "is not a valid Mustache template (\(error))")
        }
    }

    /// Replaces each `{{…}}` tag with a letters-only placeholder Markdown leaves alone.
    static func shieldTags(_ text: String) -> (String, [(String, String)]) {
        var tags: [(String, String)] = []
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            var end = close.upperBound
            if rest[end...].hasPrefix("}") { end = rest.index(after: end) }
            let placeholder = "mustachetag\(tags.count)x"
            tags.append((placeholder, String(rest[open.lowerBound..<end])))
            result += rest[..<open.lowerBound] + placeholder
            rest = rest[end...]
        }
        return (result + rest, tags)
    }

    /// Markdown links `[label](url)` as `label: url`, for the text part.
    static func plainLinks(_ markdown: String) -> String {
        markdown.replacingOccurrences(
            of: #"\[([^\]]+)\]\(([^)\s]+)\)"#, with: "$1: $2", options: .regularExpression)
    }
}
