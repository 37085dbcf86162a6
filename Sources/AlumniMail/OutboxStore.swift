import AlumniCore

/// Hands one message to the outside world. Throws when it was not accepted.
public protocol MailTransport: Sendable {
    func send(_ message: OutboxMessage) async throws
    /// How many messages it can carry at once; the worker keeps that many in flight.
    var parallelism: Int { get }
    /// Ends what the transport keeps open (connections); called after a delivery pass.
    func shutdown() async
    /// Deletes whatever copies of these messages the transport keeps (the file transport's
    /// `.eml` files), when the person they are about is erased.
    func forget(messages ids: [Int64]) throws
}

extension MailTransport {
    public var parallelism: Int { 1 }
    public func shutdown() async {}
    public func forget(messages ids: [Int64]) throws {}
}

/// A transport failure, with a reason worth recording.
public struct TransportError: Error, CustomStringConvertible, Sendable {
    /// What the failure means for the message and for the rest of the pass.
    public enum Kind: Sendable, Equatable {
        /// Try this message again later (after the backoff).
        case transient
        /// This message can never be delivered as it is (the relay refused its recipient or content).
        case permanent
        /// Nothing can be sent now (the relay cannot be reached, refused TLS or the login): this
        /// message is tried again later and the pass stops with this error.
        case unavailable
    }

    public let description: String
    public let kind: Kind

    public init(_ description: String, kind: Kind = .transient) {
        self.description = description
        self.kind = kind
    }
}
