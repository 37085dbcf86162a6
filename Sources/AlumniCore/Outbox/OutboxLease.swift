import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who delivers outbox messages, and for how long a claim of theirs holds. Several servers on
/// one database claim disjoint batches; a claim runs out `duration` after it was made or
/// renewed (each attempt renews it), and a message whose holder died is then claimed again.
/// A holder is named `host/pid/nonce`: a holder on this machine whose process is gone lets go
/// at once, so a server restarted after a kill does not wait for its predecessor's leases.
public struct OutboxLease: Sendable, Equatable {
    public var holder: String
    public var duration: TimeInterval

    public init(holder: String, duration: TimeInterval = OutboxLease.defaultDuration) {
        self.holder = holder
        self.duration = duration
    }

    /// Long enough for any one attempt (the transports give up well before).
    public static let defaultDuration: TimeInterval = 120

    /// This process, as the holder of its claims.
    public static func thisProcess(duration: TimeInterval = defaultDuration) -> OutboxLease {
        OutboxLease(holder: processName, duration: duration)
    }

    /// `host/pid/nonce` of this process, made once.
    public static let processName = "\(hostName)/\(getpid())/\(UUID().uuidString.prefix(8).lowercased())"

    private static let hostName = ProcessInfo.processInfo.hostName

    /// Whether `holder` is known to be gone: a process of this machine that no longer runs,
    /// or an earlier process that had this process's own pid (a restarted container's).
    /// Holders on other machines are never known gone; their leases run out.
    public static func isGone(_ holder: String) -> Bool {
        let parts = holder.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == hostName, let pid = pid_t(parts[1]) else { return false }
        if pid == getpid() { return holder != processName }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
