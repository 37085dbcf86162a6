import AlumniCore
import Foundation

/// The store the front ends call, whichever database is behind it: a SQLite file
/// (``AlumniDatabase``, with its fast paths: direct binding and decoding, statement readers)
/// or PostgreSQL (``PostgresStore``). One asynchronous API, one implementation per store, the
/// rules shared; a feature moves here once both stores implement it, and its front ends
/// follow (`alumni people list` and `show` so far).
public enum Store: Sendable {
    case sqlite(AlumniDatabase)
    case postgres(PostgresStore)

    /// Opens the store at `location` (creating and migrating a SQLite file, migrating a
    /// PostgreSQL database), runs `body`, and closes it.
    public static func with<T: Sendable>(
        _ location: DatabaseLocation, clock: any WallClock = SystemClock(),
        requesterMessages: (any RequesterMessages)? = nil, sqlite open: (String) throws -> AlumniDatabase,
        _ body: (Store) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            let database = try open(path)
            defer { try? database.close() }
            return try await body(.sqlite(database))
        case .postgres(let location):
            return try await PostgresStore.withStore(location, clock: clock, requesterMessages: requesterMessages) {
                store in
                try await store.migrate()
                return try await body(.postgres(store))
            }
        }
    }

    /// The staff account `name` as the actor of a store call, reaching it through `via`.
    public func staffActor(named name: String, via: String? = nil) async throws -> Caller {
        switch self {
        case .sqlite(let database): try database.staffActor(named: name, via: via)
        case .postgres(let store): try await store.staffActor(named: name, via: via)
        }
    }
}

extension Store {
    /// Audit entries, newest first, for one person or everyone, for a caller who may read the
    /// audit log; a person's include the entry of the import that added them.
    public func auditEvents(personId: Int64? = nil, limit: Int = 100, offset: Int = 0, as reader: Caller)
        async throws -> Page<AuditEvent>
    {
        switch self {
        case .sqlite(let database):
            try database.auditEvents(personId: personId, limit: limit, offset: offset, as: reader)
        case .postgres(let store):
            try await store.auditEvents(personId: personId, limit: limit, offset: offset, as: reader)
        }
    }
}
