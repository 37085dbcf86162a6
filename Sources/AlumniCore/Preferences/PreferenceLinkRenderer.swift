import Foundation

/// Writes the e-mail that carries a fresh link to a person's preference page, asked for from
/// an unsubscribe page. The store calls it inside the transaction that queues the message;
/// `linkVersion` is the person's current link version. Nil means no message.
public protocol PreferenceLinkRenderer: Sendable {
    func message(for person: Person, linkVersion: Int, now: Date) throws -> NewOutboxMessage?
}
