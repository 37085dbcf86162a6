import AlumniCore
import Foundation

/// The outbox through `Store`: the delivery worker's side (``OutboxStore``) and the operator's.
extension Store: OutboxStore {
    public func claimDueMessages(limit: Int, for lease: OutboxLease) async throws -> [OutboxMessage] {
        switch self {
        case .sqlite(let database): try database.claimDueMessages(limit: limit, for: lease)
        case .postgres(let store): try await store.claimDueMessages(limit: limit, for: lease)
        }
    }

    public func markSending(_ id: Int64, by lease: OutboxLease) async throws -> Bool {
        switch self {
        case .sqlite(let database): try database.markSending(id, by: lease)
        case .postgres(let store): try await store.markSending(id, by: lease)
        }
    }

    public func recordDelivery(
        _ id: Int64, _ outcome: DeliveryOutcome, by lease: OutboxLease, thenSending next: Int64?
    ) async throws -> RecordedDelivery {
        switch self {
        case .sqlite(let database): try database.recordDelivery(id, outcome, by: lease, thenSending: next)
        case .postgres(let store): try await store.recordDelivery(id, outcome, by: lease, thenSending: next)
        }
    }
}

extension Store {
    /// Messages by status, newest first.
    public func outboxMessages(status: OutboxMessage.Status?, limit: Int, offset: Int = 0) async throws
        -> Page<OutboxMessage>
    {
        switch self {
        case .sqlite(let database): try database.outboxMessages(status: status, limit: limit, offset: offset)
        case .postgres(let store): try await store.outboxMessages(status: status, limit: limit, offset: offset)
        }
    }

    /// One message, in full.
    public func outboxMessage(id: Int64) async throws -> OutboxMessage {
        switch self {
        case .sqlite(let database): try database.outboxMessage(id: id)
        case .postgres(let store): try await store.outboxMessage(id: id)
        }
    }

    /// Queues failed messages (one, or all) for another round of attempts; returns how many.
    public func retryOutbox(id: Int64?, actor: Caller) async throws -> Int {
        switch self {
        case .sqlite(let database): try database.retryOutbox(id: id, actor: actor)
        case .postgres(let store): try await store.retryOutbox(id: id, actor: actor)
        }
    }

    /// The key that signs the links in messages.
    public func linkSigningKey() async throws -> Data {
        switch self {
        case .sqlite(let database): try database.linkSigningKey()
        case .postgres(let store): try await store.linkSigningKey()
        }
    }
}

extension Store {
    /// Calls `wake` whenever mail is queued on a PostgreSQL database (by any instance or command),
    /// until cancelled; on SQLite, where nothing tells, returns at once and the callers poll.
    public func listenForQueuedMail(_ wake: @escaping @Sendable () -> Void) async throws {
        guard case .postgres(let store) = self else { return }
        try await store.listenForQueuedMail(wake)
    }
}
