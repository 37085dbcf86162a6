import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// A SQLite database and its copy on PostgreSQL, for tests that hold both stores to the same
/// answers: demo people, names that sort differently by case and accent, a viewer account.
enum BothStores {
    static let admin = Caller.console("tester")

    /// Runs `body` with the SQLite store, the PostgreSQL one, and the clock both share.
    /// Messages to requesters are rendered by `messages`, on both stores; `prepare` adds to the
    /// SQLite database before it is copied (what the stores cannot make on PostgreSQL yet).
    static func with(
        people: Int, messages: (any RequesterMessages)? = nil,
        prepare: (AlumniDatabase, SettableClock) throws -> Void = { _, _ in },
        _ body: (Store, Store, SettableClock) async throws -> Void
    ) async throws {
        let test = try TestDatabase()
        _ = try test.database.seedDemo(
            count: people, seed: 3, today: CalendarDate(iso: "2026-11-18")!, actor: admin)
        for (given, family) in [
            ("åse", "berg"), ("Åse", "Berg"), ("Zoë", "van Dijk"), ("zack", "Ørsted"), ("Ole", "Ørsted"),
        ] {
            _ = try test.add(given, family)
        }
        _ = try test.database.addUser(name: "viewer", email: "viewer@example.com", role: .viewer, actor: admin)
        try prepare(test.database, test.clock)
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        let path = test.database.path
        try test.database.close()
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        let sqlite = try AlumniDatabase.open(path: path, clock: test.clock, requesterMessages: messages)
        defer { try? sqlite.close() }
        try await PostgresStore.withStore(location, clock: test.clock, requesterMessages: messages) { postgres in
            try await body(.sqlite(sqlite), .postgres(postgres), test.clock)
        }
    }
}

extension BothStores {
    /// What `body` makes of each store, run from the same moment on both; expects the two
    /// outcomes equal and returns PostgreSQL's.
    static func sameOutcome<Outcome: Equatable>(
        _ sqlite: Store, _ postgres: Store, clock: SettableClock, _ body: (Store) async throws -> Outcome
    ) async throws -> Outcome {
        let start = clock.now()
        let onSQLite = try await body(sqlite)
        clock.set(start)
        let onPostgres = try await body(postgres)
        #expect(onSQLite == onPostgres)
        return onPostgres
    }
}

extension Store {
    /// The rows `sql` gives, each as its columns' values by name (PostgreSQL's come in no set order).
    func rows(_ sql: String) async throws -> [[String: DatabaseValue]] {
        let rows =
            switch self {
            case .sqlite(let database): try database.writer.read { try Row.fetchAll($0, sql: sql) }
            case .postgres(let store): try await store.rows(sql)
            }
        return rows.map { row in
            Dictionary(row.map { ($0, $1) }, uniquingKeysWith: { (first: DatabaseValue, _) in first })
        }
    }

    /// Runs a statement that changes rows, behind the store's back (what another process did).
    func execute(_ sql: String, _ values: [DatabaseValue] = []) async throws {
        switch self {
        case .sqlite(let database):
            try await database.writer.write { try $0.execute(sql: sql, arguments: StatementArguments(values)) }
        case .postgres(let store): _ = try await store.rows(sql, values)
        }
    }
}
