import AlumniCore
import Foundation

/// What the server asks of the store itself: its health, the schema, who may do what, and
/// what is kept for an `Idempotency-Key`.
extension Store {
    /// Whether the database answers within `limit`: a SQLite file always does (this process
    /// opens it); a PostgreSQL server is asked.
    public func isReachable(within limit: Duration) async -> Bool {
        guard case .postgres(let store) = self else { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await store.ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// `error` as a storage fault (full disk, read-only file system, I/O error, damaged file),
    /// or nil; PostgreSQL's server reports its own storage faults as refused statements.
    public func storageFault(_ error: any Error) -> StorageFault? {
        switch self {
        case .sqlite(let database): database.storageFault(error)
        case .postgres: error as? StorageFault
        }
    }

    /// The storage fault the latest write met while writes are failing; nil when they work.
    public func writeFault() -> StorageFault? {
        switch self {
        case .sqlite(let database): database.writeFault()
        case .postgres: nil
        }
    }

    /// True when every migration this build knows has been applied.
    public func isSchemaCurrent() async throws -> Bool {
        switch self {
        case .sqlite(let database): try database.isSchemaCurrent()
        case .postgres(let store): try await store.isSchemaCurrent()
        }
    }

    /// Goes on if `actor` may do `action`; else an ``AccessRefused`` after auditing the attempt.
    public func authorize(_ action: StaffAction, _ actor: Caller, personId: Int64? = nil) async throws {
        switch self {
        case .sqlite(let database): try database.authorize(action, actor, personId: personId)
        case .postgres(let store): try await store.authorize(action, actor, personId: personId)
        }
    }

    /// What is kept for `key` sent by `actor`, if anything (an expired key keeps nothing).
    public func idempotencyRecord(actor: String, key: String) async throws -> IdempotencyRecord? {
        switch self {
        case .sqlite(let database): try database.idempotencyRecord(actor: actor, key: key)
        case .postgres(let store): try await store.idempotencyRecord(actor: actor, key: key)
        }
    }

    /// Keeps the response to the request `claim` stands for; the first response kept wins.
    public func storeResponse(_ response: StoredResponse, for claim: IdempotencyClaim) async throws {
        switch self {
        case .sqlite(let database): try database.storeResponse(response, for: claim)
        case .postgres(let store): try await store.storeResponse(response, for: claim)
        }
    }
}
