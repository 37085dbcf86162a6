import Foundation

/// One alert to raise: what, about which case, for whom. Rendered into a message by the mail layer.
public struct AlertNotice: Sendable, Encodable, Equatable {
    public var kind: AlertKind
    public var inquiryId: Int64?
    public var personId: Int64?
    /// The inquiry's subject or the departure, for the message.
    public var title: String
    public var deadline: Date
    public var owner: String?
    public var recipient: String
    /// Case, kind, deadline and recipient: the alert's identity.
    public var dedupeKey: String

    public init(
        kind: AlertKind, inquiryId: Int64?, personId: Int64?, title: String, deadline: Date, owner: String?,
        recipient: String, dedupeKey: String
    ) {
        self.kind = kind
        self.inquiryId = inquiryId
        self.personId = personId
        self.title = title
        self.deadline = deadline
        self.owner = owner
        self.recipient = recipient
        self.dedupeKey = dedupeKey
    }
}

/// Turns alerts into outbox messages: one message per alert, or one digest of several.
public protocol AlertRenderer: Sendable {
    func message(for notice: AlertNotice) throws -> NewOutboxMessage
    /// The daily digest of `notices` for `recipient` on `day`.
    func digest(of notices: [AlertNotice], to recipient: String, on day: CalendarDate) throws -> NewOutboxMessage
}
