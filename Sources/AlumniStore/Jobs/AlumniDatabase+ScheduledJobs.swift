import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Runs `body` if no other process on this database is running `job` (an exclusive lock on
    /// a file beside it, which the system drops when its holder dies) and `interval` has passed
    /// since the job last started; records the start first. Nil when it did not run.
    public func runScheduled<T: Sendable>(
        _ job: String, every interval: TimeInterval, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        guard let lock = try? FileLock.take("\(path)-job-\(job).lock", exclusive: true, busy: BackupError("busy"))
        else { return nil }
        defer { withExtendedLifetime(lock) {} }
        let now = clock.now()
        let due = try write { db in
            let last = try Double.fetchOne(db, sql: ScheduledJobs.lastRunSQL, arguments: [job])
            guard ScheduledJobs.isDue(last: last, now: now, interval: interval) else { return false }
            try db.execute(
                sql: ScheduledJobs.recordRunSQL, arguments: StatementArguments(ScheduledJobs.runValues(job, now: now)))
            return true
        }
        return due ? try await body() : nil
    }
}
