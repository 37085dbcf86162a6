import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@_spi(RawDatabase) @testable import AlumniStore

@Suite struct MigrationTests {
    @Test func anEmptyFileIsMigratedToTheCurrentSchema() throws {
        let test = try TestDatabase()
        #expect(try test.database.isSchemaCurrent())
        let tables = try test.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in [
            "audit_event", "consent", "employment_period", "pension_arrangement", "person", "person_tag",
            "preference_change",
        ] {
            #expect(tables.contains(table))
        }
    }

    @Test func theDatabaseRunsInWALModeWithForeignKeys() throws {
        let test = try TestDatabase()
        let (mode, foreignKeys) = try test.database.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(foreignKeys == true)
    }

    @Test func reopeningKeepsTheDataAndMigratesNothingTwice() throws {
        let test = try TestDatabase()
        let person = try test.add("Åse", "Ødegård")
        let reopened = try AlumniDatabase.open(path: test.folder.appendingPathComponent("test.sqlite").path)
        #expect(try reopened.person(id: person.id, as: "test").fields.familyName == "Ødegård")
    }

    @Test func aDatabaseOfTheLastReleaseUpgradesAndKeepsItsQueuedMessages() throws {
        let folder = try TemporaryFolder("alumni-upgrade")
        let path = folder.file("old.sqlite").path
        // Given: the schema as it was up to v4, with a queued message.
        let old = try DatabaseQueue(path: path)
        try AlumniMigrations.migrator.migrate(old, upTo: "v4-outbox")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO outbox_message (dedupe_key, recipient, subject, message_id, mime, payload, status,
                        next_attempt_at, created_at)
                    VALUES ('alert:1', 'anna@example.com', 'Overdue', '<a1@x>', ?, '{}', 'queued', 0, 0)
                    """, arguments: [Data("Subject: Overdue\r\n\r\nINQ-1".utf8)])
        }
        try old.close()

        // When: this build opens it.
        let database = try AlumniDatabase.open(path: path)

        // Then: the message is still there, whole, and due.
        let due = try database.claimDueMessages(limit: 10, for: .thisProcess())
        #expect(due.map(\.dedupeKey) == ["alert:1"])
        #expect(String(decoding: due[0].mime, as: UTF8.self).hasSuffix("INQ-1"))
        #expect(try database.isSchemaCurrent())
    }

    @Test func responsesKeptBeforeIdempotencyClaimsStillReplay() throws {
        let test = try TestDatabase()
        let path = test.folder.appendingPathComponent("v5.sqlite").path
        let old = try DatabaseQueue(path: path)
        try AlumniMigrations.migrator.migrate(old, upTo: "v5-relations")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO idempotency_record (actor, key, request_hash, status, headers, body, created_at)
                    VALUES ('hr-anna', 'add-mette', 'h', 201, '{"ETag":"\\"1-1\\""}', x'7b7d', ?)
                    """, arguments: [TestDatabase.now.timeIntervalSince1970 - 60])
        }
        try old.close()

        let record = try AlumniDatabase.open(path: path, clock: test.clock)
            .idempotencyRecord(actor: "hr-anna", key: "add-mette")
        #expect(
            record
                == IdempotencyRecord(
                    requestHash: "h",
                    response: StoredResponse(status: 201, headers: ["ETag": #""1-1""#], body: Data("{}".utf8))))
    }

    /// An import killed before people named their run found them by their audit entries: after
    /// the upgrade the next start still undoes it, and leaves the people others added.
    @Test func anImportKilledBeforeTheUpgradeIsStillUndone() throws {
        let test = try TestDatabase()
        let path = test.folder.appendingPathComponent("v14.sqlite").path
        let old = try DatabaseQueue(path: path)
        try AlumniMigrations.migrator.migrate(old, upTo: "v14-people-by-name")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO person (id, kind, given_name, family_name, created_at, updated_at)
                    VALUES (1, 'employee', 'Kept', 'ByHand', 0, 0), (2, 'employee', 'Half', 'Imported', 0, 0),
                        (3, 'employee', 'Also', 'Imported', 0, 0);
                    INSERT INTO import_run (id, actor, started_at, status, first_person_id) VALUES (4, 'hr', 0, 'running', 2);
                    INSERT INTO audit_event (at, actor, action, person_id, detail)
                    VALUES (0, 'hr', 'person.imported', 2, 'import #4'), (0, 'hr', 'person.imported', 3, 'import #4');
                    """)
        }
        try old.close()

        let database = try AlumniDatabase.open(path: path, clock: test.clock)
        try database.undoAbandonedImports()

        #expect(try database.people(matching: PersonQuery(), as: "test").items.map(\.id) == [1])
        let actions = try database.auditEvents(as: "test").items.map(\.action)
        #expect(actions == ["import.undone"])
    }

    /// A campaign's figures are kept by the outbox's triggers: counted once by the upgrade, then
    /// following every message queued, sent, deleted or moved, test sends (no topic) left out.
    @Test func campaignFiguresAreCountedByTheUpgradeAndKeptByTheOutbox() throws {
        let test = try TestDatabase()
        let path = test.folder.appendingPathComponent("v18.sqlite").path
        let old = try DatabaseQueue(path: path)
        try AlumniMigrations.migrator.migrate(old, upTo: "v18-overview-landing")
        func message(_ id: Int, _ status: String, topic: String? = "newsletter") -> String {
            let topic = topic.map { "'\($0)'" } ?? "NULL"
            return """
                INSERT INTO outbox_message (id, dedupe_key, recipient, subject, message_id, status,
                    next_attempt_at, created_at, campaign_id, topic)
                VALUES (\(id), 'c\(id)', 'a\(id)@example.com', 'News', '<\(id)@x>', '\(status)', 0, 0, 1,
                    \(topic));
                """
        }
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign (id, name, topic, segment, default_language, status, created_at, created_by)
                    VALUES (1, 'News', 'newsletter', '{}', 'en', 'queued', 0, 'coordinator');
                    """ + message(1, "sent") + message(2, "sent") + message(3, "queued")
                        + message(4, "sent", topic: nil))
        }
        try old.close()

        let database = try AlumniDatabase.open(path: path, clock: test.clock)
        func figures() throws -> (queued: Int, sent: Int, failed: Int) {
            let progress = try database.campaignOverview(id: 1, as: "test").progress
            return (progress.queued, progress.sent, progress.failed)
        }
        #expect(try figures() == (1, 2, 0))
        try database.writer.write { db in
            try db.execute(sql: message(5, "queued"))
            try db.execute(sql: "UPDATE outbox_message SET status = 'failed' WHERE id = 3")
            try db.execute(sql: "UPDATE outbox_message SET topic = NULL WHERE id = 2")
            try db.execute(sql: "DELETE FROM outbox_message WHERE id IN (1, 4)")
        }
        #expect(try figures() == (1, 0, 1))
        let counted = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_message WHERE campaign_id = 1 AND topic IS NOT NULL")
        }
        let kept = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(n) FROM campaign_tally WHERE campaign_id = 1")
        }
        #expect(counted == kept)
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: StoreError.self) { try AlumniDatabase.open(path: "/nonexistent-folder-for-tests/x.sqlite") }
    }
}
