import AlumniCore
import Foundation

/// The outbox through `Store`: the delivery worker's side (``OutboxStore``) and the operator's.
extension Store: OutboxStore {
    public func dueOutboxMessages(limit: Int) async throws -> [OutboxMessage] {
        switch self {
        case .sqlite(let database): try database.dueOutboxMessages(limit: limit)
        case .postgres(let store): try await store.dueOutboxMessages(limit: limit)
        }
    }

    public func markSending(_ id: Int64) async throws {
        switch self {
        case .sqlite(let database): try database.markSending(id)
        case .postgres(let store): try await store.markSending(id)
        }
    }

    public func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64?) async throws {
        switch self {
        case .sqlite(let database): try database.recordDelivery(id, outcome, thenSending: next)
        case .postgres(let store): try await store.recordDelivery(id, outcome, thenSending: next)
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
