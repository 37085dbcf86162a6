import Foundation
import Synchronization

/// Whether writes are failing for storage right now: the last write's fault, kept until a
/// write succeeds or `window` passes without another (so a load balancer that stopped
/// sending writes tries again). `/ready` answers 503 while there is one.
final class StorageHealth: Sendable {
    private let state = Mutex<(fault: StorageFault, at: Date)?>(nil)
    private let window: TimeInterval

    init(window: TimeInterval = 10) { self.window = window }

    func failed(_ fault: StorageFault, at now: Date) { state.withLock { $0 = (fault, now) } }

    func succeeded() { state.withLock { if $0 != nil { $0 = nil } } }

    func fault(at now: Date) -> StorageFault? {
        state.withLock { state in
            guard let state, now.timeIntervalSince(state.at) < window else { return nil }
            return state.fault
        }
    }
}
