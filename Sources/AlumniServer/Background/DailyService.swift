import AlumniCore
import AlumniStore
import Foundation
import Logging
import ServiceLifecycle

/// Inside `alumni serve`: `job` every day at `time` in the organisation's time zone (the daily
/// backup, the retention run), on one instance: the others, waking at the same time, find it
/// running or run already. A failure is logged and the job tried again the next day.
struct DailyService: Service {
    let name: String
    let store: Store
    let time: DailyTime
    let logger: Logger
    let job: @Sendable () async throws -> Void
    let executor = BackgroundExecutor()

    func run() async throws {
        try await withTaskExecutorPreference(executor) {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let now = store.clock.now()
                let next = time.next(after: now, in: try await store.businessCalendar().timeZone)
                try? await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(next.timeIntervalSince(now)))
                }
                guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
                do { _ = try await store.runScheduled(name, every: 12 * 3600) { try await job() } } catch {
                    logger.error("\(name) failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
