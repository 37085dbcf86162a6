import AlumniStore
import Foundation
import Testing

/// `alumni db info` and `alumni db migrate`: the database itself, for operators.
@Suite struct DatabaseCommandTests {
    @Test("info changes nothing and names the store, the schema version and the size; a missing file is an error")
    func info() throws {
        let alumni = try AlumniBinary()
        let missing = try alumni.run("db", "info")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no database at \(alumni.database)"))
        #expect(!FileManager.default.fileExists(atPath: alumni.database), "info creates nothing")
        try alumni.run("people", "list")
        let shown = try alumni.run("db", "info", "--json")
        #expect(shown.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["store"] as? String == "sqlite")
        #expect(json["schemaVersion"] as? String == AlumniDatabase.migrationNames.last)
        #expect(json["migrationsApplied"] as? Int == AlumniDatabase.migrationNames.count)
        #expect((json["migrationsPending"] as? [String])?.isEmpty == true)
        #expect((json["sizeBytes"] as? Int ?? 0) > 0)
        #expect(try alumni.run("db", "info").stdout.contains("Schema: \(AlumniDatabase.migrationNames.last!)"))
    }

    @Test("migrate applies what is pending and says so; run again, it has nothing to do")
    func migrate() throws {
        let alumni = try AlumniBinary()
        let first = try alumni.run("db", "migrate", "--json")
        #expect(first.status == 0)
        let applied =
            try #require(
                try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])["applied"]
            as? [String]
        #expect(applied == AlumniDatabase.migrationNames)
        let again = try alumni.run("db", "migrate")
        #expect(again.stdout.contains("The schema is up to date (\(AlumniDatabase.migrationNames.last!))"))
    }
}
