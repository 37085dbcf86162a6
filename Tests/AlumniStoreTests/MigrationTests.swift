import AlumniCore
import AlumniStore
import Foundation
import GRDB
import Testing

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
        #expect(try reopened.person(id: person.id).fields.familyName == "Ødegård")
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: StoreError.self) { try AlumniDatabase.open(path: "/nonexistent-folder-for-tests/x.sqlite") }
    }
}
