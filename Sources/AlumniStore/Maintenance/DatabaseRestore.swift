import Foundation
import GRDB

/// What a restore did.
public struct RestoreReport: Sendable, Encodable, Equatable {
    /// Where the database it replaced was kept (nil when there was none).
    public var replacedKeptAt: String?
    /// Migrations the restored copy was brought up to date with.
    public var migrated: [String]
}

/// Puts a backup in place of a database.
public enum DatabaseRestore {
    /// Replaces the database at `path` with the backup at `backup`: refused while a server
    /// runs on it; the backup is checked first (integrity, an Alumni Desk database, no newer
    /// than this program); the database it replaces is kept beside it as
    /// `NAME.replaced-STAMP`; the restored copy is brought up to the current schema.
    public static func restore(backup: URL, over path: String, now: Date) throws -> RestoreReport {
        let lock = try ServerLock.restoring(path)
        defer { withExtendedLifetime(lock) {} }
        guard FileManager.default.fileExists(atPath: backup.path) else {
            throw BackupError("\(backup.path) does not exist")
        }
        let pending = try check(backup)
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        // The copy is made beside the database first, so the swap is a rename on one disk.
        let incoming = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).restoring")
        defer { AlumniDatabase.removeDatabaseFiles(at: incoming) }
        try FileManager.default.copyItem(at: backup, to: incoming)
        var keptAt: String?
        if FileManager.default.fileExists(atPath: path) {
            let kept = path + ".replaced-\(BackupFolder.stamp(now))"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.moveItem(atPath: path + suffix, toPath: kept + suffix)
            }
            keptAt = kept
        }
        try FileManager.default.moveItem(at: incoming, to: target)
        let database = try AlumniDatabase.open(path: path)
        try database.close()
        return RestoreReport(replacedKeptAt: keptAt, migrated: pending)
    }

    /// The migrations `backup` lacks; throws when it is unsound, not ours, or newer than us.
    private static func check(_ backup: URL) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let copy = try DatabaseQueue(path: backup.path, configuration: configuration)
        defer { try? copy.close() }
        try AlumniDatabase.checkIntegrity(of: copy, named: backup.lastPathComponent)
        let migrator = AlumniMigrations.migrator
        return try copy.read { db in
            guard try db.tableExists("grdb_migrations"), try db.tableExists("person") else {
                throw BackupError("\(backup.lastPathComponent) is not an Alumni Desk database")
            }
            let applied = try migrator.appliedIdentifiers(db)
            let known = Set(migrator.migrations)
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                throw BackupError(
                    "\(backup.lastPathComponent) was made by a newer Alumni Desk (\(unknown.sorted().joined(separator: ", "))): "
                        + "restore it with that version")
            }
            return migrator.migrations.filter { !applied.contains($0) }
        }
    }
}
