import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// `alumni db copy`: SQLite into PostgreSQL and back, every value as it was.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct DatabaseCopyTests {
    /// Text with every character COPY escapes, bytes of every value, JSON spaced and unordered,
    /// instants with fractions and NULLs.
    static let awkwardText = "tab\there\nnew line\r\nback\\slash \\N ☃ \"quoted\" 'single'"
    static let everyByte = Data((0...255).map(UInt8.init) + (0...255).reversed().map(UInt8.init))

    private func awkwardDatabase() throws -> TestDatabase {
        let test = try TestDatabase()
        _ = try test.database.seedDemo(
            count: 120, seed: 7, today: CalendarDate(iso: "2026-11-18")!, actor: Caller.console("tester"))
        _ = try test.database.seedDemoInquiries(count: 200, seed: 7, actor: Caller.console("tester"))
        try test.database.writer.write { db in
            try db.execute(
                sql: "UPDATE person SET contact_note = ?, erased_at = ? WHERE id = 3",
                arguments: [Self.awkwardText, 1_795_000_000.123456])
            try db.execute(
                sql: "INSERT INTO setting (key, value) VALUES ('org.name', ?)", arguments: [Self.awkwardText])
            try db.execute(sql: "INSERT INTO closing_day (day, reason) VALUES ('2026-12-24', 'Christmas Eve')")
            try db.execute(
                sql: """
                    INSERT INTO campaign (name, topic, segment, default_language, status, created_at, created_by)
                    VALUES ('Winter news', 'newsletter', '{ "kinds": ["employee"],  "countries": [] , "a": 1.5 }',
                            'en', 'queued', 1795000000.5, 'coordinator')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO outbox_message (dedupe_key, recipient, subject, message_id, status, next_attempt_at,
                                                created_at, person_id, topic, campaign_id)
                    VALUES ('campaign:1:1', 'anne@example.dk', 'Winter news', '<1@alumni>', 'queued', 1795000000,
                            1795000000, 1, 'newsletter', 1)
                    """)
            try db.execute(
                sql: "INSERT INTO outbox_content (message_id, mime, payload) VALUES (1, ?, '{\"b\": 2, \"a\": null}')",
                arguments: [Self.everyByte])
            try db.execute(
                sql: """
                    INSERT INTO idempotency_record (actor, key, request_hash, status, headers, body, created_at)
                    VALUES ('api', 'key-1', 'hash', 201, '{"Location":"/api/v1/people/1"}', ?, 1795000000.25)
                    """, arguments: [Self.everyByte])
            try db.execute(sql: "INSERT INTO person (id, kind, created_at, updated_at) VALUES (121, 'customer', 0, 0)")
            try db.execute(sql: "DELETE FROM person WHERE id = 121")
        }
        return test
    }

    @Test("SQLite into PostgreSQL and back into a new file: every table's rows and checksum equal, every value exact")
    func roundTrip() async throws {
        let test = try awkwardDatabase()
        let original = test.database.path
        let key = try test.database.linkSigningKey()
        try test.database.close()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        let progress = ProgressLog()
        let there = try await DatabaseCopy.copy(sqlite: original, to: location, progress: progress.record)
        #expect(there.equal)
        #expect(there.tables.first { $0.name == "person" }?.targetRows == 120)
        #expect(
            there.tables.first { $0.name == "campaign_tally" }?.targetRows == 1,
            "the tally is copied, not counted twice")
        #expect(progress.tables.contains("inquiry"))

        let back = test.folder.appendingPathComponent("back.sqlite").path
        let home = try await DatabaseCopy.copy(postgres: location, toSQLite: back)
        #expect(home.equal)
        for (away, returned) in zip(there.tables, home.tables) {
            #expect(away.name == returned.name)
            #expect(away.sourceChecksum == returned.targetChecksum, "\(away.name) came back as it left")
        }

        let copy = try AlumniDatabase.open(path: back)
        defer { try? copy.close() }
        #expect(try copy.linkSigningKey() == key, "links signed before the copy still open")
        let kept = try await copy.writer.read { db in
            (
                note: try String.fetchOne(db, sql: "SELECT contact_note FROM person WHERE id = 3"),
                erased: try Double.fetchOne(db, sql: "SELECT erased_at FROM person WHERE id = 3"),
                mime: try Data.fetchOne(db, sql: "SELECT mime FROM outbox_content"),
                body: try Data.fetchOne(db, sql: "SELECT body FROM idempotency_record"),
                tally: try Int.fetchOne(db, sql: "SELECT n FROM campaign_tally"),
                day: try String.fetchOne(db, sql: "SELECT day FROM closing_day")
            )
        }
        #expect(kept.note == Self.awkwardText)
        #expect(kept.erased == 1_795_000_000.123456)
        #expect(kept.mime == Self.everyByte && kept.body == Self.everyByte)
        #expect(kept.tally == 1 && kept.day == "2026-12-24")
        let added = try copy.addPerson(
            PersonFields(givenName: "New", familyName: "Person", kind: .customer), actor: "tester")
        #expect(added.id == 122, "ids go on after the last one handed out, not the last one kept")
    }

    @Test("refused: a PostgreSQL database that is not empty, a SQLite file that exists, a source a server runs on")
    func refusals() async throws {
        let test = try TestDatabase()
        _ = try test.add("Åse", "Berg")
        let path = test.database.path
        try test.database.close()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])

        do {
            let serving = try ServerLock.serving(path)
            await #expect(throws: CopyError("alumni serve is running on \(path): stop it before copying")) {
                try await DatabaseCopy.copy(sqlite: path, to: location)
            }
            withExtendedLifetime(serving) {}
        }

        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        await #expect {
            try await DatabaseCopy.copy(sqlite: path, to: location)
        } throws: { error in
            "\(error)".contains("is not empty (audit_event has 1 row)")
        }
        await #expect(throws: CopyError("\(path) already exists: copy into a new file")) {
            try await DatabaseCopy.copy(postgres: location, toSQLite: path)
        }
        // A server on PostgreSQL holds the serve lock shared, as a server on a file holds its lock file.
        let elsewhere = test.folder.appendingPathComponent("elsewhere.sqlite").path
        try await PostgresStore.withStore(location) { store in
            try await store.client.withConnection { server in
                try await server.query(
                    "SELECT pg_advisory_lock_shared(\(PostgresStore.serveLock))", logger: store.logger)
                await #expect(throws: CopyError("alumni serve is running on \(location): stop it before copying")) {
                    try await DatabaseCopy.copy(postgres: location, toSQLite: elsewhere)
                }
                try await server.query(
                    "SELECT pg_advisory_unlock_shared(\(PostgresStore.serveLock))", logger: store.logger)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
        #expect(try await DatabaseCopy.copy(postgres: location, toSQLite: elsewhere).equal)
    }

    @Test("a value PostgreSQL refuses names its table and column, and the database is left empty")
    func badValue() async throws {
        let test = try TestDatabase()
        _ = try test.add("Åse", "Berg")
        try await test.database.writer.write { db in try db.execute(sql: "UPDATE person SET joined_on = 'soon'") }
        let path = test.database.path
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        await #expect {
            try await DatabaseCopy.copy(sqlite: path, to: location)
        } throws: { error in
            "\(error)".contains("\"soon\"") && "\(error)".contains("person") && "\(error)".contains("joined_on")
        }
        try await test.database.writer.write { db in try db.execute(sql: "UPDATE person SET joined_on = '2019-03-01'") }
        try test.database.close()
        let report = try await DatabaseCopy.copy(sqlite: path, to: location)
        #expect(report.equal, "the failed copy left nothing behind")
    }
}

/// The tables a copy told progress about.
private final class ProgressLog: Sendable {
    private let seen = Mutex<[String]>([])
    var tables: [String] { seen.withLock { $0 } }
    var record: DatabaseCopy.Progress { { [self] table, _, _ in seen.withLock { $0.append(table) } } }
}
