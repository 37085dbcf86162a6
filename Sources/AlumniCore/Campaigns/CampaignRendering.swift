import Foundation

/// Turns one recipient of a campaign into an outbox message; the store calls it while queueing.
public protocol CampaignRenderer: Sendable {
    /// The recipient's copy of the campaign, one per person.
    func message(for recipient: CampaignRecipient) throws -> NewOutboxMessage
    /// The message as `recipient` would get it, sent to `address` instead (a test send).
    func testMessage(for recipient: CampaignRecipient, to address: String) throws -> NewOutboxMessage
    /// What `recipient` would get: subject, text and HTML parts, footer and links included.
    func preview(for recipient: CampaignRecipient) throws -> CampaignPreview
}

/// Makes campaigns' renderers, and says whether a template can be rendered at all: the mail
/// module's templates, handed to the store by the front end that has the mail settings.
public protocol CampaignRendering: Sendable {
    /// The renderer of `campaign`'s messages, with its templates compiled.
    func renderer(for campaign: Campaign) throws -> any CampaignRenderer
    /// Throws a ``ValidationFailure`` naming the part of `template` that is not a valid template.
    func check(_ template: CampaignTemplate) throws
}

/// One person's copy of a campaign, as it would be sent.
public struct CampaignPreview: Sendable, Codable, Equatable {
    public var personId: Int64
    public var language: Language
    public var subject: String
    public var text: String
    public var html: String

    public init(personId: Int64, language: Language, subject: String, text: String, html: String) {
        self.personId = personId
        self.language = language
        self.subject = subject
        self.text = text
        self.html = html
    }
}
