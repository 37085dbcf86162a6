import Foundation

/// A message in the outbox: waiting to be sent, being sent, sent, or given up on.
public struct OutboxMessage: Identifiable, Equatable, Sendable, Encodable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case queued
        /// A delivery attempt started; found so at the start of a pass, it was interrupted.
        case sending
        case sent
        case failed
        /// Held back: the person withdrew consent for its topic, or asked not to be contacted, after it was queued.
        case suppressed
        /// Sent, and came back: the receiving server refused it for good (the error says why).
        case bounced
    }

    public var id: Int64
    /// What the message is for; a second message with the same key is never written.
    public var dedupeKey: String
    public var recipient: String
    public var subject: String
    public var messageID: String
    /// The RFC 5322 message, for mail transports.
    public var mime: Data
    /// A JSON document, for the webhook transport.
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    public init(
        id: Int64, dedupeKey: String, recipient: String, subject: String, messageID: String, mime: Data,
        payload: String,
        status: Status, attempts: Int, nextAttemptAt: Date, lastError: String?, createdAt: Date, sentAt: Date?
    ) {
        self.id = id
        self.dedupeKey = dedupeKey
        self.recipient = recipient
        self.subject = subject
        self.messageID = messageID
        self.mime = mime
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, dedupeKey, recipient, subject, messageID, status, attempts, nextAttemptAt, lastError, createdAt, sentAt
    }
}

/// A message to put in the outbox, rendered before the transaction that queues it.
public struct NewOutboxMessage: Sendable {
    public var dedupeKey: String
    public var recipient: String
    public var subject: String
    public var messageID: String
    public var mime: Data
    public var payload: String
    /// For a message about a topic (a campaign): whose consent it needs until it is sent.
    public var consent: (personId: Int64, topic: ContactTopic)?
    public var campaignId: Int64?
    /// The person the message is to or about (a reply, a farewell, a campaign's test send):
    /// their erasure takes its words away and holds it back if it has not left yet.
    public var about: Int64?

    public init(
        dedupeKey: String, recipient: String, subject: String, messageID: String, mime: Data, payload: String,
        consent: (personId: Int64, topic: ContactTopic)? = nil, campaignId: Int64? = nil, about: Int64? = nil
    ) {
        self.dedupeKey = dedupeKey
        self.recipient = recipient
        self.subject = subject
        self.messageID = messageID
        self.mime = mime
        self.payload = payload
        self.consent = consent
        self.campaignId = campaignId
        self.about = about ?? consent?.personId
    }
}

/// How a delivery attempt ended.
public enum DeliveryOutcome: Sendable, Equatable {
    case sent
    /// Failed; try again at `retryAt`, or give up when nil.
    case failed(reason: String, retryAt: Date?)
}
