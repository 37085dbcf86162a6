import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// PostgreSQL's schema: SQLite's migrations by name, the same tables and columns, migrated once
/// however many start at once. Runs against the throw-away cluster (`TestPostgres`).
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PostgresSchemaTests {
    @Test("the migrations have SQLite's names; two started at once migrate once; a second run has nothing to do")
    func migrations() async throws {
        #expect(PostgresMigrations.all.map(\.name) == AlumniDatabase.migrationNames)
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        async let first = PostgresStore.withStore(location) { try await $0.migrate() }
        async let second = PostgresStore.withStore(location) { try await $0.migrate() }
        let (one, other) = try await (first, second)
        #expect((one + other).sorted() == AlumniDatabase.migrationNames.sorted())
        #expect(one.isEmpty || other.isEmpty, "one of them ran every migration, the other none")
        let info = try await PostgresStore.withStore(location) { try await $0.info() }
        #expect(info.store == "postgresql")
        #expect(info.schemaVersion == AlumniDatabase.migrationNames.last)
        #expect(info.migrationsApplied == AlumniDatabase.migrationNames.count && info.migrationsPending.isEmpty)
        #expect(info.sizeBytes > 0 && info.writeAheadLogBytes == nil)
        #expect(try await PostgresStore.withStore(location) { try await $0.migrate() }.isEmpty)
    }

    @Test("PostgreSQL has SQLite's tables and columns, every table with a primary key")
    func sameTables() async throws {
        let sqlite = try TestDatabase()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        let schema = try await PostgresStore.withStore(location) { store in
            try await store.migrate()
            return try await CopySchema.read(from: store)
        }
        let columns = try SQLiteCopySide(queue: try DatabaseQueue(path: sqlite.database.path)).columnNames()
        #expect(Set(schema.tables.map(\.name)) == Set(columns.keys))
        try DatabaseCopy.check(schema, against: columns)
        #expect(schema.tables.allSatisfy { !$0.key.isEmpty })
        let order = schema.tables.map(\.name)
        #expect(order.firstIndex(of: "person")! < order.firstIndex(of: "inquiry")!)
        #expect(order.firstIndex(of: "inquiry_event")! < order.firstIndex(of: "inbound_mail")!)
    }

    @Test("a wrong password or an unreachable server is a clear error, without the password")
    func unreachable() async throws {
        let url = try TestPostgres.makeDatabase()
        let wrong = try PostgresLocation(url: url.replacing(try TestPostgres.password, with: "wrong"), environment: [:])
        await #expect {
            try await PostgresStore.withStore(wrong) { try await $0.info() }
        } throws: { error in
            "\(error)".contains("password authentication failed") && !"\(error)".contains("wrong")
        }
        let closed = try PostgresLocation(url: "postgres://alumni:pw@127.0.0.1:1/none", environment: [:])
        await #expect {
            try await PostgresStore.withStore(closed) { try await $0.info() }
        } throws: { error in
            "\(error)".contains("postgres://alumni@127.0.0.1:1/none")
        }
    }
}
