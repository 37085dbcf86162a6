import GRDB
import Synchronization

/// Read-only connections for the hottest reads: a token check or one person, each a single
/// statement, which SQLite runs as its own consistent snapshot.
///
/// `DatabasePool.read` checks a reader out of its pool and asks SQLite for the schema version
/// before every read; for a one-row lookup that bookkeeping cost more than the query (38 µs per
/// token check through the pool). These connections skip both: SQLite itself recompiles a
/// prepared statement when another connection changed the schema.
final class StatementReaders: Sendable {
    private let path: String
    private let configuration: Configuration
    private let capacity: Int
    private let connections = Mutex<[DatabaseQueue]>([])
    private let turn = Atomic<Int>(0)

    /// Up to `capacity` connections to the file at `path`, opened when first needed. More
    /// connections than threads make it rare for two threads to wait on the same one.
    init(path: String, configuration: Configuration, capacity: Int) {
        var configuration = configuration
        configuration.readonly = true
        configuration.prepareDatabase { db in
            // Point lookups: a small page cache each (the writer's 64 MiB, times every reader, would not be),
            // and pages read through a shared memory map rather than a read(2) and a copy each.
            try db.execute(sql: "PRAGMA cache_size = -2048")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        self.path = path
        self.configuration = configuration
        self.capacity = capacity
    }

    /// Closes the connections opened so far.
    func close() throws {
        try connections.withLock { connections in
            for connection in connections { try connection.close() }
            connections = []
        }
    }

    /// Runs `statement` on the next connection in turn. The body must run one statement only,
    /// or several inside one transaction (``AlumniDatabase/readSnapshot(_:)``).
    func read<T>(_ statement: (Database) throws -> T) throws -> T {
        let index = turn.wrappingAdd(1, ordering: .relaxed).oldValue % capacity
        let connection = try connections.withLock { connections in
            while connections.count <= index {
                connections.append(try DatabaseQueue(path: path, configuration: configuration))
            }
            return connections[index]
        }
        return try connection.unsafeRead(statement)
    }
}
