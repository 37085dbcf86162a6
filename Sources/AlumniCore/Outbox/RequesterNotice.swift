import Foundation

/// A step of an inquiry that the requester is told of: an answer, a question, an extension, or
/// (automatically) that their e-mail was received as a new inquiry.
public struct RequesterNotice: Sendable {
    public enum Kind: String, Sendable {
        case reply
        /// A question to the requester (the resolution clock stops).
        case question
        case `extension`
        /// Their e-mail opened an inquiry: an automatic acknowledgement with the first-response day.
        case received
    }

    public var kind: Kind
    public var inquiry: Inquiry
    public var person: Person
    /// The thread event this notice belongs to; with the inquiry, the message's identity.
    public var eventId: Int64
    /// What staff wrote (for replies and questions) or the extension's reason.
    public var text: String
    /// The last day of the resolution deadline, in the organisation's calendar.
    public var resolutionDay: CalendarDate
    /// The last day of the first-response deadline (the acknowledgement names it).
    public var firstResponseDay: CalendarDate?
    /// The Message-ID of the person's e-mail this notice answers, for their mail program's thread.
    public var answering: String?

    public init(
        kind: Kind, inquiry: Inquiry, person: Person, eventId: Int64, text: String, resolutionDay: CalendarDate,
        firstResponseDay: CalendarDate? = nil, answering: String? = nil
    ) {
        self.kind = kind
        self.inquiry = inquiry
        self.person = person
        self.eventId = eventId
        self.text = text
        self.resolutionDay = resolutionDay
        self.firstResponseDay = firstResponseDay
        self.answering = answering
    }

    /// True when the person can and may get email: an address, not erased, not do-not-contact.
    public var isDeliverable: Bool {
        person.fields.email != nil && person.erasedAt == nil && !person.doNotContact
    }
}

/// Turns requester notices into outbox messages; the store calls it inside the transaction of
/// the step, so the step and its message are written together. Nil means no message.
public protocol RequesterMessages: Sendable {
    func message(for notice: RequesterNotice) throws -> NewOutboxMessage?
}
