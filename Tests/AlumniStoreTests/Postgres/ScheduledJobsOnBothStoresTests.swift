import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Scheduled work on one instance at a time: while one runs a job, another asking to run it
/// does not; once it ran, nobody runs it again before its interval; alike on both stores.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct ScheduledJobsOnBothStoresTests {
    struct Runs: Equatable {
        var first: Int?
        var meanwhile: Int?
        var otherJobMeanwhile: Int?
        var tooEarly: Int?
        var onTime: Int?
        var recorded: [[String: DatabaseValue]]
    }

    @Test("a job runs once at a time and not again before its interval, alike on both stores")
    func oncePerInterval() async throws {
        try await BothStores.with(people: 0) { sqlite, postgres, clock in
            let runs = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                clock.set("2026-12-07 10:00")
                let (entered, enter) = AsyncStream<Void>.makeStream()
                let (released, release) = AsyncStream<Void>.makeStream()
                let running = Task {
                    try await store.runScheduled("alert-scan", every: 60) {
                        enter.yield()
                        for await _ in released { break }
                        return 1
                    }
                }
                for await _ in entered { break }
                // Another instance wakes while the first is at it.
                let meanwhile = try await store.runScheduled("alert-scan", every: 60) { 2 }
                let otherJob = try await store.runScheduled("farewells", every: 60) { 3 }
                release.yield()
                let first = try await running.value
                clock.advance(30)
                let tooEarly = try await store.runScheduled("alert-scan", every: 60) { 4 }
                clock.advance(30)
                let onTime = try await store.runScheduled("alert-scan", every: 60) { 5 }
                return Runs(
                    first: first, meanwhile: meanwhile, otherJobMeanwhile: otherJob, tooEarly: tooEarly,
                    onTime: onTime,
                    recorded: try await store.rows(
                        "SELECT name, instance FROM job_run ORDER BY name"))
            }
            #expect(runs.first == 1 && runs.meanwhile == nil, "one instance at a time")
            #expect(runs.otherJobMeanwhile == 3, "each job has a lock of its own")
            #expect(runs.tooEarly == nil && runs.onTime == 5, "not again before its interval")
            let instance = OutboxLease.processName.databaseValue
            #expect(runs.recorded.map { $0["instance"] } == [instance, instance], "who ran them last")
        }
    }
}
