/// What the delivery worker needs from the database.
public protocol OutboxStore: Sendable {
    /// Messages due now: queued ones whose time has come, and those an interrupted pass left sending.
    func dueOutboxMessages(limit: Int) async throws -> [OutboxMessage]
    /// Marks the start of an attempt, before the transport is called.
    func markSending(_ id: Int64) async throws
    /// Records how an attempt ended and, in the same transaction, marks the start of the next
    /// one (one commit per message instead of two).
    func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64?) async throws
}
