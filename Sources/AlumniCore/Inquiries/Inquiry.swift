import Foundation

/// A question or request from a person, with an owner, a thread and deadlines.
public struct Inquiry: Identifiable, Equatable, Sendable, Codable {
    public var id: Int64
    public var personId: Int64
    public var type: InquiryType
    public var subject: String
    public var channel: InquiryChannel
    public var status: InquiryStatus
    /// The staff member who owns the case; nil while unassigned.
    public var owner: String?
    public var timeline: InquiryTimeline
    /// Due times as last computed from the timeline, the policy and the calendar.
    public var deadlines: InquiryDeadlines
    public var extensionReason: String?
    public var resolution: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, personId: Int64, type: InquiryType, subject: String, channel: InquiryChannel,
        status: InquiryStatus, owner: String?, timeline: InquiryTimeline, deadlines: InquiryDeadlines,
        extensionReason: String?, resolution: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.personId = personId
        self.type = type
        self.subject = subject
        self.channel = channel
        self.status = status
        self.owner = owner
        self.timeline = timeline
        self.deadlines = deadlines
        self.extensionReason = extensionReason
        self.resolution = resolution
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The first-response deadline at `now`.
    public func firstResponseState(now: Date) -> DeadlineState {
        DeadlineState.of(
            due: deadlines.firstResponseDue, met: timeline.firstReplyAt, closed: status == .closed, now: now)
    }

    /// The resolution deadline at `now`.
    public func resolutionState(now: Date) -> DeadlineState {
        DeadlineState.of(
            due: deadlines.resolutionDue, met: timeline.closedAt, paused: status == .waiting, now: now)
    }

    /// True when the requester's latest message has waited longer than the silence limit.
    public func isSilent(now: Date) -> Bool {
        deadlines.silentAt.map { $0 <= now } ?? false
    }
}

/// One entry in an inquiry's thread.
public struct InquiryEvent: Identifiable, Equatable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A message from the requester (the first one opens the inquiry).
        case inbound
        /// An answer to the requester.
        case reply
        /// Internal, never sent.
        case note
        /// An answer that asks the requester for something; the resolution clock stops.
        case wait
        case assignment
        case `extension`
        case closed
        case reopened
        /// An automatic answer from the requester's side (an out-of-office): kept, but not their
        /// answer, so it changes no clock.
        case automatic
    }

    public var id: Int64
    public var inquiryId: Int64
    public var kind: Kind
    public var author: String
    public var at: Date
    public var body: String?

    public init(id: Int64, inquiryId: Int64, kind: Kind, author: String, at: Date, body: String?) {
        self.id = id
        self.inquiryId = inquiryId
        self.kind = kind
        self.author = author
        self.at = at
        self.body = body
    }
}

extension Inquiry {
    /// The inquiry with its words left out (an empty subject, no resolution or extension
    /// reason): ids, type, status, owner, timeline and deadlines only.
    public func withoutText() -> Inquiry {
        var inquiry = self
        inquiry.subject = ""
        inquiry.resolution = nil
        inquiry.extensionReason = nil
        return inquiry
    }
}
