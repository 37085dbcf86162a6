import AlumniCore
import Foundation
import GRDB

/// The SQL and rule of scheduled work that runs on one instance at a time, shared by both
/// stores: each job's last start is kept in `job_run`, and a job is due once its interval has
/// passed since then (less a twentieth, so that a loop waking a moment early does not skip a turn).
enum ScheduledJobs {
    static let lastRunSQL = "SELECT last_run_at FROM job_run WHERE name = ?"
    static let recordRunSQL = """
        INSERT INTO job_run (name, last_run_at, instance) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, instance = excluded.instance
        """

    /// Whether a job last started at `last` (seconds since 1970; nil: never) is due at `now` again.
    static func isDue(last: Double?, now: Date, interval: TimeInterval) -> Bool {
        guard let last else { return true }
        return now.stored >= last + interval * 0.95
    }

    /// The values of ``recordRunSQL`` for `job` started at `now` on this instance.
    static func runValues(_ job: String, now: Date) -> [(any DatabaseValueConvertible)?] {
        [job, now.stored, OutboxLease.processName]
    }
}
