import AlumniCore
import AlumniStore
import AlumniTestSupport
import Foundation

/// A SQLite database and its copy on PostgreSQL, for tests that hold both stores to the same
/// answers: demo people, names that sort differently by case and accent, a viewer account.
enum BothStores {
    static let admin = Caller.console("tester")

    /// Runs `body` with the SQLite store, the PostgreSQL one, and the clock both share.
    static func with(people: Int, _ body: (Store, Store, SettableClock) async throws -> Void) async throws {
        let test = try TestDatabase()
        _ = try test.database.seedDemo(
            count: people, seed: 3, today: CalendarDate(iso: "2026-11-18")!, actor: admin)
        for (given, family) in [
            ("åse", "berg"), ("Åse", "Berg"), ("Zoë", "van Dijk"), ("zack", "Ørsted"), ("Ole", "Ørsted"),
        ] {
            _ = try test.add(given, family)
        }
        _ = try test.database.addUser(name: "viewer", email: "viewer@example.com", role: .viewer, actor: admin)
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        let path = test.database.path
        try test.database.close()
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        let sqlite = try AlumniDatabase.open(path: path, clock: test.clock)
        defer { try? sqlite.close() }
        try await PostgresStore.withStore(location, clock: test.clock) { postgres in
            try await body(.sqlite(sqlite), .postgres(postgres), test.clock)
        }
    }
}
