import Foundation

/// How long desk sessions last and how failed sign-ins are slowed down.
public struct DeskSessionPolicy: Sendable, Equatable {
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval = 8 * 3600
    /// A session ends this long after sign-in, however busy.
    public var absoluteTimeout: TimeInterval = 12 * 3600
    /// Failures (per account and per address) answered at once; after them each failure
    /// doubles the wait before the next attempt, starting at ``firstDelay``.
    public var freeFailures = 3
    public var firstDelay: TimeInterval = 2
    /// After this many failures in a row, no attempt is taken for ``lockDuration``.
    public var lockAfter = 10
    public var lockDuration: TimeInterval = 15 * 60
    /// How often a session's last use is written: every request would be a write.
    public var touchInterval: TimeInterval = 60

    public init() {}

    /// How long after the last of `failures` failures the next attempt is taken.
    func wait(afterFailures failures: Int) -> TimeInterval {
        if failures >= lockAfter { return lockDuration }
        guard failures >= freeFailures else { return 0 }
        return min(firstDelay * pow(2, Double(failures - freeFailures)), lockDuration)
    }
}
