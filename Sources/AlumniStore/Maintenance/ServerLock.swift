import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells `alumni restore` that a server uses a database: every `alumni serve` holds a shared
/// lock on `DATABASE.serve-lock` while it runs (several may share a database); a restore needs
/// the lock exclusive. The system drops a lock when its process ends, however it ends.
public final class ServerLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The lock file of the database at `path`.
    static func lockPath(for path: String) -> String { path + ".serve-lock" }

    /// Held by a server while it runs on the database at `path`; fails while it is being restored.
    public static func serving(_ path: String) throws -> ServerLock {
        try take(path, LOCK_SH, busy: "the database \(path) is being restored; start the server when that is done")
    }

    /// Held by a restore: fails while any server runs on the database at `path`.
    public static func restoring(_ path: String) throws -> ServerLock {
        try take(path, LOCK_EX, busy: "alumni serve is running on \(path): stop it before restoring")
    }

    private static func take(_ path: String, _ operation: Int32, busy: String) throws -> ServerLock {
        let descriptor = open(lockPath(for: path), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw BackupError("cannot open \(lockPath(for: path)): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, operation | LOCK_NB) == 0 else {
            close(descriptor)
            throw BackupError(busy)
        }
        return ServerLock(descriptor: descriptor)
    }
}
