import Foundation
import PostgresNIO

extension PostgresStore {
    /// The advisory lock migrations run under, so that two instances starting at once migrate once.
    static let migrationLock: Int64 = 0x616C_756D_6E69_0001
    /// Held shared by every server on the database and exclusive by a copy from it.
    static let serveLock: Int64 = 0x616C_756D_6E69_0002

    /// Brings the schema up to this version under an advisory lock, each migration in a
    /// transaction of its own; returns the names of those it applied, oldest first. Refuses a
    /// database a newer version of Alumni Desk has migrated.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
            do {
                let ran = try await migrate(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                return ran
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                throw error
            }
        }
    }

    private func migrate(on connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        let applied = try await appliedMigrations(on: connection)
        let known = Set(PostgresMigrations.all.map(\.name))
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw StoreError.databaseLocation(
                "\(location) was migrated by a newer Alumni Desk (\(unknown.sorted().joined(separator: ", "))): "
                    + "use that version")
        }
        var ran: [String] = []
        for migration in PostgresMigrations.all where !applied.contains(migration.name) {
            let name = migration.name
            try await connection.withTransaction(logger: logger) { transaction in
                for statement in migration.statements {
                    try await transaction.query(statement, logger: logger)
                }
                try await transaction.query("INSERT INTO schema_migration (name) VALUES (\(name))", logger: logger)
            }
            ran.append(name)
        }
        return ran
    }

    private func appliedMigrations(on connection: PostgresConnection) async throws -> Set<String> {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migration') IS NOT NULL", logger: logger
        ).decode(Bool.self)
        for try await found in exists where !found { return [] }
        var names: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM schema_migration", logger: logger)
            .decode(String.self)
        {
            names.insert(name)
        }
        return names
    }

    /// The database as it is, read without changing it: for `alumni db info`, and for `alumni db
    /// migrate` to say what it will apply.
    public func info() async throws -> DatabaseInfo {
        let applied = try await client.withConnection { try await appliedMigrations(on: $0) }
        var version = ""
        for try await text in try await client.query("SHOW server_version", logger: logger).decode(String.self) {
            version = text
        }
        let size = try await integer("SELECT pg_database_size(current_database())") ?? 0
        let names = AlumniDatabase.migrationNames
        return DatabaseInfo(
            store: "postgresql", storeVersion: version, location: location.description,
            schemaVersion: names.last { applied.contains($0) }, migrationsApplied: applied.count,
            migrationsPending: names.filter { !applied.contains($0) }, sizeBytes: size, writeAheadLogBytes: nil)
    }
}

extension PostgresStore {
    /// True when every migration this build knows has been applied.
    func isSchemaCurrent() async throws -> Bool {
        let applied = try await client.withConnection { try await appliedMigrations(on: $0) }
        return PostgresMigrations.all.allSatisfy { applied.contains($0.name) }
    }
}
