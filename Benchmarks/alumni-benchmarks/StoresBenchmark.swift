import AlumniCore
import AlumniStore
import Foundation

/// Issue 27, so far: a demo directory copied from SQLite into an empty PostgreSQL database
/// (`alumni db copy`, rows a second, checks included), then the people reads `Store` serves from
/// both, each against SQLite's in the same run: one person by id, and a page of a filtered,
/// searched list.
///
///     createdb alumni_bench && alumni-benchmarks stores postgres://alumni@127.0.0.1:5432/alumni_bench [PEOPLE]
struct StoresBenchmark {
    let url: String
    let people: Int
    let calls = 2_000

    func run() async throws {
        let folder = try scratchFolder("stores")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("alumni.sqlite").path
        let sqlite = try AlumniDatabase.open(path: path)
        let actor = Caller.system("benchmark")
        _ = try sqlite.seedDemo(count: people, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: actor)
        try sqlite.close()
        let location = try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment)
        let started = DispatchTime.now().uptimeNanoseconds
        let report = try await DatabaseCopy.copy(sqlite: path, to: location)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let rows = report.tables.map(\.sourceRows).reduce(0, +)
        print(
            "copy of \(people) people (\(rows) rows) into PostgreSQL, checks included: "
                + String(format: "%.1f s, %.0f rows/s, equal: %@", seconds, Double(rows) / seconds, "\(report.equal)"))

        var search = PersonQuery()
        search.country = "NO"
        search.search = "ol"
        let reopened = try AlumniDatabase.open(path: path)
        defer { try? reopened.close() }
        try await PostgresStore.withStore(location) { postgres in
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { try await postgres.ping() }
            let ping = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(calls)
            print(
                "round trip, SELECT 1".padding(toLength: 30, withPad: " ", startingAt: 0),
                String(format: "PostgreSQL %7.1f µs", ping))
            let reads: [(String, (Store) async throws -> Int)] = [
                (
                    "one person by id",
                    { try await $0.person(id: Int64.random(in: 1...Int64(people)), as: actor).id > 0 ? 1 : 0 }
                ),
                (
                    "a page of a search, counted",
                    { try await $0.people(matching: search, countLimit: 1000, as: actor).total }
                ),
            ]
            for (name, read) in reads {
                var perCall: [Double] = []
                for store in [Store.sqlite(reopened), .postgres(postgres)] {
                    var sink = 0
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<calls { sink &+= try await read(store) }
                    perCall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(calls))
                    precondition(sink > 0)
                }
                print(
                    name.padding(toLength: 30, withPad: " ", startingAt: 0),
                    String(
                        format: "SQLite %7.1f µs, PostgreSQL %7.1f µs a call: %.2f× SQLite's rate", perCall[0],
                        perCall[1], perCall[0] / perCall[1]))
            }
        }
    }
}
