/// What the delivery worker needs from the database: claims on due messages that several
/// workers (in one process or many, on one database) never share.
public protocol OutboxStore: Sendable {
    /// Claims for `lease` up to `limit` messages due now: those left sending by a holder that
    /// died (its lease ran out, or its process is gone), first; then queued ones whose time has
    /// come and that no live lease holds. Nobody else claims them until the lease runs out.
    func claimDueMessages(limit: Int, for lease: OutboxLease) async throws -> [OutboxMessage]
    /// Marks the start of an attempt on a message `lease` holds, renewing the lease, before the
    /// transport is called; false when another holder has it now (it is not to be sent).
    func markSending(_ id: Int64, by lease: OutboxLease) async throws -> Bool
    /// Records how an attempt ended, if `lease` still holds the message, and in the same
    /// transaction marks the start of the next one (one commit per message instead of two).
    func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, by lease: OutboxLease, thenSending next: Int64?)
        async throws -> RecordedDelivery
}

/// What recording an attempt found.
public struct RecordedDelivery: Sendable, Equatable {
    /// False when another holder had claimed the message meanwhile: its result stands.
    public var recorded: Bool
    /// Whether the next message was still held and is now marked sending.
    public var nextHeld: Bool

    public init(recorded: Bool, nextHeld: Bool) {
        self.recorded = recorded
        self.nextHeld = nextHeld
    }
}
