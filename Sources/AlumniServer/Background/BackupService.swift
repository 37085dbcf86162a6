import AlumniStore
import Foundation
import Logging
import ServiceLifecycle

/// Inside `alumni serve`: a dated backup every day at the schedule's time, the oldest beyond
/// its `keep` removed. A failed backup is logged and tried again the next day.
struct BackupService: Service {
    let database: AlumniDatabase
    let schedule: BackupSchedule
    let logger: Logger
    let executor = BackgroundExecutor()

    func run() async throws {
        try await withTaskExecutorPreference(executor) {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let now = database.clock.now()
                let next = schedule.next(after: now, in: try database.businessCalendar().timeZone)
                try? await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(next.timeIntervalSince(now)))
                }
                guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
                backUp()
            }
        }
    }

    private func backUp() {
        do {
            let report = try database.backup(
                into: BackupFolder(folder: URL(fileURLWithPath: schedule.folder), keep: schedule.keep))
            logger.info(
                "backup written",
                metadata: [
                    "backup.path": "\(report.path)", "backup.bytes": "\(report.bytes)",
                    "backup.removed": "\(report.removed.count)",
                ])
        } catch {
            logger.error("backup failed", metadata: ["error": "\(error)"])
        }
    }
}
