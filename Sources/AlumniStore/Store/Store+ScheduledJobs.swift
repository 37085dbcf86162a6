import AlumniCore
import Foundation

/// Scheduled work through `Store`: one instance at a time, and not again before its interval.
extension Store {
    /// Runs `body` if no other instance (or process on the same file) is running `job` and
    /// `interval` has passed since it last started anywhere; nil when it did not run.
    public func runScheduled<T: Sendable>(
        _ job: String, every interval: TimeInterval, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        switch self {
        case .sqlite(let database): try await database.runScheduled(job, every: interval, body)
        case .postgres(let store): try await store.runScheduled(job, every: interval, body)
        }
    }
}
