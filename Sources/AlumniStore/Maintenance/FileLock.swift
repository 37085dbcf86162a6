import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory lock on a file beside the database (`flock`), held while this object lives.
/// The system drops it when the process ends, however it ends, so a lock that can be taken
/// tells that nobody who held it is still running.
final class FileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Unlocks before closing: a child process being started at this moment shares the open
    /// file (until its `exec` closes it) and would otherwise hold the lock on a little longer.
    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock on `path` (created if needed), shared or exclusive, without waiting; `busy` when
    /// another holder stands in the way.
    static func take(_ path: String, exclusive: Bool, busy: @autoclosure () -> any Error) throws -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            throw busy()
        }
        return FileLock(descriptor: descriptor)
    }
}
