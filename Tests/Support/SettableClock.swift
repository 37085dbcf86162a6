import AlumniCore
import Foundation
import Synchronization

/// A clock the test sets and moves by hand: no test waits for real time to pass.
public final class SettableClock: WallClock, Sendable {
    private let instant: Mutex<Date>

    public init(_ instant: Date) { self.instant = Mutex(instant) }

    public func now() -> Date { instant.withLock { $0 } }

    public func set(_ date: Date) { instant.withLock { $0 = date } }

    public func advance(_ seconds: TimeInterval) { instant.withLock { $0 += seconds } }
}
