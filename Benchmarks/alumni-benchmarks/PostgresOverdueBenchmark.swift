import AlumniCore
import AlumniStore
import Foundation

/// Issue 27: the overdue view on PostgreSQL. A demo of 10,000 people and `inquiries` inquiries
/// (about 1 % overdue) copied into an empty PostgreSQL database, then the overdue page and its
/// count through `Store`, against the same statements written by hand (the snapshot, the count,
/// the page) run by `psql` on the same server, less psql's own start.
///
///     createdb alumni_bench && alumni-benchmarks stores-overdue postgres://alumni@127.0.0.1:5432/alumni_bench [INQUIRIES]
struct PostgresOverdueBenchmark {
    let url: String
    let inquiries: Int
    let rounds = 200

    func run() async throws {
        let folder = try scratchFolder("stores-overdue")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("alumni.sqlite").path
        let actor = Caller.system("benchmark")
        let sqlite = try AlumniDatabase.open(path: path)
        _ = try sqlite.seedDemo(count: 10_000, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: actor)
        try sqlite.seedDemoInquiries(count: inquiries, seed: 1, openShare: 0.015, actor: actor)
        try sqlite.close()
        let environment = ProcessInfo.processInfo.environment
        let location = try PostgresLocation(url: url, environment: environment)
        let (report, copying) = try await measureAsync { try await DatabaseCopy.copy(sqlite: path, to: location) }
        print(
            String(
                format: "copied %d inquiries into PostgreSQL in %.1f s, equal: %@", inquiries, copying,
                "\(report.equal)"))

        let now = FixedClock(Date())
        var query = InquiryQuery()
        query.overdue = true
        query.limit = 100
        _ = try psqlSeconds("ANALYZE;")
        try await PostgresStore.withStore(location, clock: now) { postgres in
            let store = Store.postgres(postgres)
            let page = try await store.inquiries(matching: query, as: actor)
            print("overdue: \(page.total) of \(inquiries)")
            let (_, throughStore) = try await measureAsync {
                for _ in 0..<rounds { _ = try await store.inquiries(matching: query, as: actor) }
            }
            let script = psqlScript(now: now.now())
            let psql = try psqlSeconds(script) - psqlSeconds("")
            print(String(format: "psql, the same statements: %.2f ms per page + count", psql * 1000 / Double(rounds)))
            print(
                String(
                    format: "through the store:          %.2f ms per page + count", throughStore * 1000 / Double(rounds)
                ))
            print(String(format: "ratio: %.2f (target ≤ 1.5)", throughStore / psql))
        }
    }

    /// `rounds` times what the store sends for the overdue page at `now`, by hand.
    private func psqlScript(now: Date) -> String {
        let overdue = "next_due_at IS NOT NULL AND next_due_at <= to_timestamp(\(now.timeIntervalSince1970))"
        let round = """
            BEGIN;
            SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY;
            SELECT COUNT(*) FROM inquiry WHERE \(overdue);
            SELECT * FROM inquiry WHERE \(overdue) ORDER BY next_due_at, id LIMIT 100 OFFSET 0;
            COMMIT;

            """
        return String(repeating: round, count: rounds)
    }

    /// Seconds `psql` takes to run `script` against the benchmark's database, output discarded.
    private func psqlSeconds(_ script: String) throws -> Double {
        if let password = ProcessInfo.processInfo.environment["ALUMNI_DB_PASSWORD"] {
            setenv("PGPASSWORD", password, 1)
        }
        return try measure {
            try runProgram(
                "/usr/bin/psql", ["--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", url], input: script, quiet: true)
        }.1
    }
}
