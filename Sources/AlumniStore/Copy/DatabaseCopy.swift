import Foundation
import GRDB
import PostgresNIO

/// `alumni db copy`: a whole database from SQLite into an empty PostgreSQL database, or from
/// PostgreSQL into a new SQLite file, a batch at a time; then every table read again on both
/// sides, its rows counted and its contents checksummed.
public enum DatabaseCopy {
    /// Told after each batch: the table, the rows copied of it so far, and how many it has.
    public typealias Progress = @Sendable (_ table: String, _ copied: Int, _ total: Int) -> Void

    /// Copies the SQLite file at `path` into the empty PostgreSQL database at `location`, in one
    /// transaction: a copy that fails leaves it empty. Refused while a server runs on the file.
    public static func copy(
        sqlite path: String, to location: PostgresLocation, progress: @escaping Progress = { _, _, _ in }
    ) async throws -> CopyReport {
        guard FileManager.default.fileExists(atPath: path) else { throw CopyError("there is no database at \(path)") }
        let lock = try ServerLock.copying(path)
        defer { withExtendedLifetime(lock) {} }
        try AlumniDatabase.open(path: path).close()
        let source = try SQLiteCopySide(queue: readOnlyQueue(path))
        defer { try? source.queue.close() }
        return try await PostgresStore.withStore(location) { store in
            try await store.migrate()
            let schema = try await CopySchema.read(from: store)
            try check(schema, against: try source.columnNames())
            let target = PostgresCopySide(store: store)
            for table in schema.tables where !CopySchema.seededTables.contains(table.name) {
                let rows = try await target.count(table)
                if rows > 0 {
                    throw CopyError(
                        "\(location) is not empty (\(table.name) has \(rows) row\(rows == 1 ? "" : "s")): copy into an empty database"
                    )
                }
            }
            let copied = try await store.client.withConnection { connection in
                try await connection.withTransaction(logger: store.logger) { transaction in
                    let writer = PostgresCopyWriter(connection: transaction, store: store)
                    try await writer.prepare(schema)
                    var sums: [String: TableChecksum] = [:]
                    for table in schema.tables {
                        sums[table.name] = try await scan(table, total: try source.count(table), progress: progress) {
                            try source.rows(table, after: $0, limit: $1)
                        } each: {
                            try await writer.insert($0, into: table)
                        }
                    }
                    try await writer.finish(schema, sequences: try source.sequences())
                    return sums
                }
            }
            var tables: [CopyReport.Table] = []
            for table in schema.tables {
                let found = try await scan(table) { try await target.rows(table, after: $0, limit: $1) }
                tables.append(compare(table.name, copied[table.name] ?? TableChecksum(), found))
            }
            return CopyReport(source: path, target: location.description, tables: tables)
        }
    }

    /// Copies the PostgreSQL database at `location` into a new SQLite file at `path`, which
    /// appears only once the copy is whole. Refused while a server runs on the database.
    public static func copy(
        postgres location: PostgresLocation, toSQLite path: String, progress: @escaping Progress = { _, _, _ in }
    ) async throws -> CopyReport {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CopyError("\(path) already exists: copy into a new file")
        }
        let incoming = URL(fileURLWithPath: path + ".copying")
        AlumniDatabase.removeDatabaseFiles(at: incoming)
        do {
            let report = try await PostgresStore.withStore(location) { store in
                try await store.withServersStopped {
                    try await store.migrate()
                    let schema = try await CopySchema.read(from: store)
                    try AlumniDatabase.open(path: incoming.path).close()
                    let target = SQLiteCopySide(queue: try DatabaseQueue(path: incoming.path))
                    defer { try? target.queue.close() }
                    try check(schema, against: try target.columnNames())
                    let source = PostgresCopySide(store: store)
                    let triggers = try target.prepare()
                    var tables: [CopyReport.Table] = []
                    for table in schema.tables {
                        let copied = try await scan(table, total: try await source.count(table), progress: progress) {
                            try await source.rows(table, after: $0, limit: $1)
                        } each: {
                            try target.insert($0, into: table)
                        }
                        let found = try await scan(table) { try target.rows(table, after: $0, limit: $1) }
                        tables.append(compare(table.name, copied, found))
                    }
                    try target.finish(sequences: try await source.sequences(schema), triggers: triggers)
                    return CopyReport(source: location.description, target: path, tables: tables)
                }
            }
            try FileManager.default.moveItem(at: incoming, to: URL(fileURLWithPath: path))
            return report
        } catch {
            AlumniDatabase.removeDatabaseFiles(at: incoming)
            throw error
        }
    }

    /// Reads `table` a batch at a time through `read` (rows after a key, at most so many),
    /// hands each batch to `each`, and sums the rows up.
    private static func scan(
        _ table: CopyTable, total: Int = 0, progress: Progress? = nil,
        read: ([CopyValue]?, Int) async throws -> [[CopyValue]],
        each: ([[CopyValue]]) async throws -> Void = { _ in }
    ) async throws -> TableChecksum {
        var sum = TableChecksum()
        var after: [CopyValue]?
        let kinds = table.kinds
        let keyPositions = table.keyPositions
        while true {
            let rows = try await read(after, table.batchSize)
            guard let last = rows.last else { break }
            for row in rows { sum.add(row, kinds: kinds) }
            try await each(rows)
            progress?(table.name, sum.rows, total)
            after = keyPositions.map { last[$0] }
            if rows.count < table.batchSize { break }
        }
        return sum
    }

    private static func compare(_ name: String, _ source: TableChecksum, _ target: TableChecksum) -> CopyReport.Table {
        CopyReport.Table(
            name: name, sourceRows: source.rows, targetRows: target.rows, sourceChecksum: source.hex,
            targetChecksum: target.hex)
    }

    /// Refuses to copy between schemas that differ: a table or a column one store has and the other lacks.
    static func check(_ schema: CopySchema, against sqlite: [String: [String]]) throws {
        let postgres = Dictionary(uniqueKeysWithValues: schema.tables.map { ($0.name, $0.columns.map(\.name)) })
        for table in Set(postgres.keys).union(sqlite.keys).sorted() {
            let one = Set(postgres[table] ?? []), other = Set(sqlite[table] ?? [])
            guard one == other else {
                let missing = one.symmetricDifference(other).sorted().joined(separator: ", ")
                throw CopyError("the SQLite and PostgreSQL schemas differ in \(table): \(missing)")
            }
        }
    }

    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}

extension PostgresStore {
    /// Runs `body` holding the lock every server on the database holds shared: refused while one runs.
    func withServersStopped<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            var locked = false
            for try await taken in try await connection.query(
                "SELECT pg_try_advisory_lock(\(Self.serveLock))", logger: logger
            ).decode(Bool.self) {
                locked = taken
            }
            guard locked else { throw CopyError("alumni serve is running on \(location): stop it before copying") }
            do {
                let result = try await body()
                try await connection.query("SELECT pg_advisory_unlock(\(Self.serveLock))", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.serveLock))", logger: logger)
                throw error
            }
        }
    }
}
