import Foundation

/// Tells `alumni restore` and `alumni db copy` that a server uses a database: every `alumni
/// serve` holds a shared lock on `DATABASE.serve-lock` while it runs (several may share a
/// database); a restore or a copy needs the lock exclusive.
public final class ServerLock: Sendable {
    private let lock: FileLock

    private init(_ lock: FileLock) { self.lock = lock }

    /// Held by a server while it runs on the database at `path`; fails while it is being restored.
    public static func serving(_ path: String) throws -> ServerLock {
        ServerLock(
            try FileLock.take(
                path + ".serve-lock", exclusive: false,
                busy: BackupError("the database \(path) is being restored; start the server when that is done")))
    }

    /// Held by a restore: fails while any server runs on the database at `path`.
    public static func restoring(_ path: String) throws -> ServerLock {
        try exclusive(path, busy: BackupError("alumni serve is running on \(path): stop it before restoring"))
    }

    /// Held by a copy from the database at `path`: fails while any server runs on it.
    public static func copying(_ path: String) throws -> ServerLock {
        try exclusive(path, busy: CopyError("alumni serve is running on \(path): stop it before copying"))
    }

    private static func exclusive(_ path: String, busy: any Error) throws -> ServerLock {
        ServerLock(try FileLock.take(path + ".serve-lock", exclusive: true, busy: busy))
    }
}
