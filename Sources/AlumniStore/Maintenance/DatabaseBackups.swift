import Foundation
import GRDB

/// What a backup wrote.
public struct BackupReport: Sendable, Encodable, Equatable {
    public var path: String
    public var bytes: Int64
    /// Older backups `--keep` removed.
    public var removed: [String]
}

/// A backup or restore that cannot be done, and why.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

extension AlumniDatabase {
    /// Copies the database to `destination` while others keep writing: SQLite's online backup
    /// of one consistent moment (a read snapshot), checked with `integrity_check`, written under
    /// a temporary name and renamed into place, so a backup killed part-way leaves no file that
    /// looks complete. `beforeRename` is for tests (a failure there must leave nothing).
    public func backup(to destination: URL, beforeRename: () throws -> Void = {}) throws -> BackupReport {
        let folder = destination.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        defer { Self.removeDatabaseFiles(at: temporary) }
        do {
            let copy = try DatabaseQueue(path: temporary.path)
            try writer.backup(to: copy)
            try copy.writeWithoutTransaction { db in
                // A single file with no log beside it: what is renamed is all there is.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try Self.checkIntegrity(of: copy, named: destination.lastPathComponent)
            try copy.close()
        }
        try beforeRename()
        guard rename(temporary.path, destination.path) == 0 else {
            throw BackupError("cannot write \(destination.path): \(String(cString: strerror(errno)))")
        }
        let size = try FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? NSNumber
        return BackupReport(path: destination.path, bytes: size?.int64Value ?? 0, removed: [])
    }

    /// Fails unless `PRAGMA integrity_check` finds the database sound.
    static func checkIntegrity(of reader: any DatabaseReader, named name: String) throws {
        let result = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        guard result == ["ok"] else {
            throw BackupError("\(name) failed its integrity check: \(result.prefix(3).joined(separator: "; "))")
        }
    }

    /// Removes a database file and its journal, log and shared-memory files, if there.
    static func removeDatabaseFiles(at url: URL) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
    }
}
