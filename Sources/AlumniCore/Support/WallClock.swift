import Foundation

/// Tells the current time. Production uses ``SystemClock``; tests inject a ``FixedClock``.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The machine's real time.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still at a chosen instant, for deterministic tests and demos.
public struct FixedClock: WallClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}
