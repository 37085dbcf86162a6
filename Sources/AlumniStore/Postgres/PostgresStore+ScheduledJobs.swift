import AlumniCore
import Foundation
import GRDB
import PostgresNIO

extension PostgresStore {
    /// Runs `body` if no other instance is running `job` (a session advisory lock on a
    /// connection held for the run, which PostgreSQL drops when its holder dies) and `interval`
    /// has passed since the job last started on any instance; records the start first. Nil when
    /// it did not run.
    public func runScheduled<T: Sendable>(
        _ job: String, every interval: TimeInterval, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        try await client.withConnection { connection in
            let key = "alumni-job:" + job
            let locked =
                try await rows("SELECT pg_try_advisory_lock(hashtext(?)) AS locked", [key], on: connection)
                .first?["locked"] as Bool? ?? false
            guard locked else { return nil }
            do {
                let result = try await runIfDue(job, every: interval, on: connection, body)
                _ = try await rows("SELECT pg_advisory_unlock(hashtext(?))", [key], on: connection)
                return result
            } catch {
                _ = try? await rows("SELECT pg_advisory_unlock(hashtext(?))", [key], on: connection)
                throw error
            }
        }
    }

    private func runIfDue<T: Sendable>(
        _ job: String, every interval: TimeInterval, on connection: PostgresConnection,
        _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        let now = clock.now()
        let last = try await rows(ScheduledJobs.lastRunSQL, [job], on: connection).first?["last_run_at"] as Double?
        guard ScheduledJobs.isDue(last: last, now: now, interval: interval) else { return nil }
        _ = try await rows(ScheduledJobs.recordRunSQL, ScheduledJobs.runValues(job, now: now), on: connection)
        return try await body()
    }
}
