import Foundation
import GRDB

/// What `alumni db info` tells about a database: which store and version, the schema version
/// (the newest migration applied), and how large it is.
public struct DatabaseInfo: Sendable, Encodable, Equatable {
    /// `sqlite` or `postgresql`.
    public var store: String
    /// The store's own version (SQLite's library version, PostgreSQL's server version).
    public var storeVersion: String
    /// The file, or the URL without its password.
    public var location: String
    /// The newest migration applied, which names the schema version.
    public var schemaVersion: String?
    public var migrationsApplied: Int
    /// Migrations this version knows and the database has not applied yet.
    public var migrationsPending: [String]
    /// The database file's pages in use, or PostgreSQL's database size, in bytes.
    public var sizeBytes: Int64
    /// SQLite's write-ahead log beside the file, in bytes (0 when there is none; nil for
    /// PostgreSQL, whose log is the server's).
    public var writeAheadLogBytes: Int64?
}

extension AlumniDatabase {
    /// Every migration this version knows, oldest first: their names are the schema versions.
    public static var migrationNames: [String] { AlumniMigrations.migrator.migrations }

    /// The file at `path` as it is, read without changing it (no migration is run): for
    /// `alumni db info`, and for `alumni db migrate` to say what it will apply.
    public static func info(path: String) throws -> DatabaseInfo {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let applied = try AlumniMigrations.migrator.appliedIdentifiers(db)
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? nil
            return DatabaseInfo(
                store: "sqlite", storeVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                location: path, schemaVersion: migrationNames.last { applied.contains($0) },
                migrationsApplied: applied.count, migrationsPending: migrationNames.filter { !applied.contains($0) },
                sizeBytes: pageCount * pageSize, writeAheadLogBytes: wal ?? 0)
        }
    }
}
