import Foundation

/// An e-mail carrying a portal link: to sign in, or to confirm a new address.
public struct PortalLinkMail: Sendable {
    public enum Purpose: String, Sendable {
        case signIn = "sign-in"
        case emailChange = "email-change"
    }

    public var purpose: Purpose
    public var person: Person
    /// Where the message goes (for an e-mail change, the new address).
    public var address: String
    /// The link's secret, for the link's path.
    public var token: String
    public var expires: Date

    public init(purpose: Purpose, person: Person, address: String, token: String, expires: Date) {
        self.purpose = purpose
        self.person = person
        self.address = address
        self.token = token
        self.expires = expires
    }
}

/// Writes the portal's e-mails in the person's language: those that carry a link, and the
/// notice to an old address that the address was changed. The store calls it inside the
/// transaction of the change, so the change and its message are written together. Nil means
/// no message.
public protocol PortalMessageRenderer: Sendable {
    func message(for mail: PortalLinkMail, now: Date) throws -> NewOutboxMessage?
    func addressChangedMessage(for person: Person, oldAddress: String, newAddress: String, now: Date) throws
        -> NewOutboxMessage?
    /// The link that confirms the address of someone not in the directory who asked a question.
    func registrationMessage(for registration: PortalRegistration, token: String, now: Date) throws
        -> NewOutboxMessage?
}
