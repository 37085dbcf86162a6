import Foundation

/// What staff type in to open an inquiry.
public struct NewInquiry: Sendable {
    public var personId: Int64
    public var type: InquiryType
    public var subject: String
    /// The requester's first message, if written down.
    public var body: String?
    public var channel: InquiryChannel
    /// When the first message arrived; nil means now. A letter opened today may have arrived last week.
    public var receivedAt: Date?
    public var owner: String?

    public init(
        personId: Int64, type: InquiryType, subject: String, body: String? = nil, channel: InquiryChannel = .email,
        receivedAt: Date? = nil, owner: String? = nil
    ) {
        self.personId = personId
        self.type = type
        self.subject = subject
        self.body = body
        self.channel = channel
        self.receivedAt = receivedAt
        self.owner = owner
    }
}

extension NewInquiry {
    /// The inquiry with its texts trimmed, checked against the rules for opening one.
    ///
    /// - Throws: ``ValidationFailure`` naming each field that is wrong: a missing `subject`, a
    ///   `received` time after `now`.
    public func validated(now: Date) throws(ValidationFailure) -> NewInquiry {
        var clean = self
        var errors: [FieldError] = []
        if let subject = subject.trimmedNonEmpty {
            clean.subject = subject
        } else {
            errors.append(FieldError(field: "subject", reason: "is required"))
        }
        if let received = receivedAt, received > now {
            errors.append(FieldError(field: "received", reason: "is in the future"))
        }
        clean.body = body.trimmedNonEmpty
        clean.owner = owner.trimmedNonEmpty
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }
}
