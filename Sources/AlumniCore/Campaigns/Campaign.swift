import Foundation

/// A newsletter, invitation or notice to a segment, with one template per language.
public struct Campaign: Identifiable, Equatable, Sendable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Created, nothing queued yet.
        case draft
        /// Sending was started: its messages are being queued (by the command that started it,
        /// or by `alumni serve`, which completes an interrupted one).
        case sending
        /// One message per eligible recipient is in the outbox.
        case queued
    }

    public var id: Int64
    public var name: String
    /// Recipients need consent for this topic on email.
    public var topic: ContactTopic
    public var segment: CampaignSegment
    /// The template people get when there is none in their language.
    public var defaultLanguage: Language
    public var templates: [CampaignTemplate]
    public var status: Status
    public var createdAt: Date
    public var createdBy: String
    public var queuedAt: Date?
    /// When delivery starts, as chosen when sending was started (nil: at once).
    public var sendAt: Date?
    /// At most this many messages a minute, as chosen when sending was started (nil: as fast as the transport goes).
    public var ratePerMinute: Int?

    public init(
        id: Int64, name: String, topic: ContactTopic, segment: CampaignSegment, defaultLanguage: Language,
        templates: [CampaignTemplate], status: Status, createdAt: Date, createdBy: String, queuedAt: Date?,
        sendAt: Date? = nil, ratePerMinute: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.topic = topic
        self.segment = segment
        self.defaultLanguage = defaultLanguage
        self.templates = templates
        self.status = status
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.queuedAt = queuedAt
        self.sendAt = sendAt
        self.ratePerMinute = ratePerMinute
    }

    /// The source recorded with a consent withdrawn through one of this campaign's links.
    public static func unsubscribeSource(campaignId: Int64?) -> String {
        campaignId.map { "unsubscribe link, campaign #\($0)" } ?? "unsubscribe link"
    }

    /// The template for someone who reads `language`: theirs, else the default one.
    public func template(for language: Language?) -> CampaignTemplate? {
        templates.first { $0.language == language } ?? templates.first { $0.language == defaultLanguage }
    }
}

/// A campaign's message in one language: Mustache templates over the person's fields; the
/// body is Markdown, sent as text and as HTML.
public struct CampaignTemplate: Equatable, Sendable, Codable {
    public var language: Language
    public var subject: String
    public var body: String

    public init(language: Language, subject: String, body: String) {
        self.language = language
        self.subject = subject
        self.body = body
    }
}

/// What a new campaign needs; editing a draft changes the same fields but its template.
public struct NewCampaign: Sendable {
    public var name: String
    public var topic: ContactTopic
    public var segment: CampaignSegment
    public var template: CampaignTemplate

    public init(name: String, topic: ContactTopic, segment: CampaignSegment, template: CampaignTemplate) {
        self.name = name
        self.topic = topic
        self.segment = segment
        self.template = template
    }
}

/// A campaign that cannot be sent (again): sending started already, by this caller or another.
/// The API answers 409, the desk shows the campaign as it goes out, the command line exit 1.
public struct CampaignAlreadySent: Error, Equatable, CustomStringConvertible {
    public let campaignId: Int64
    public let status: Campaign.Status

    public init(campaignId: Int64, status: Campaign.Status) {
        self.campaignId = campaignId
        self.status = status
    }

    public var description: String { "campaign #\(campaignId) is \(status.rawValue) already; it is sent once" }
}
