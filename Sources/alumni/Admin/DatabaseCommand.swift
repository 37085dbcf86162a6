import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct DatabaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db", abstract: "Look at the database itself: its store, schema version and size; migrate it.",
            subcommands: [Info.self, Migrate.self])

        struct Info: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Which store, its version, the schema version and the size; changes nothing.",
                discussion: """
                    The schema version is the newest migration applied. Migrations this version of alumni \
                    knows and the database has not had are listed as pending: any command that opens the \
                    database applies them, or run alumni db migrate.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let path = store.databasePath
                guard FileManager.default.fileExists(atPath: path) else {
                    throw StoreError.databaseLocation("there is no database at \(path)")
                }
                let info = try AlumniDatabase.info(path: path)
                if output.json { return try Output.json(info) }
                print("Store: SQLite \(info.storeVersion), \(info.path)")
                print(
                    "Schema: \(info.schemaVersion ?? "empty") (\(info.migrationsApplied) migrations applied"
                        + (info.migrationsPending.isEmpty
                            ? ")" : "; pending: \(info.migrationsPending.joined(separator: ", ")))"))
                print("Size: \(info.sizeBytes) bytes, write-ahead log \(info.writeAheadLogBytes) bytes")
            }
        }

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Bring the database's schema up to this version, and say which migrations ran.",
                discussion: """
                    Every command does this when it first opens the database; run it on its own before \
                    starting servers after an upgrade. A database that does not exist yet is created.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let path = store.databasePath
                let pending =
                    FileManager.default.fileExists(atPath: path)
                    ? try AlumniDatabase.info(path: path).migrationsPending : AlumniDatabase.migrationNames
                try store.open().close()
                let after = try AlumniDatabase.info(path: path)
                let report = MigrationReport(applied: pending, schemaVersion: after.schemaVersion)
                if output.json { return try Output.json(report) }
                print(
                    pending.isEmpty
                        ? "The schema is up to date (\(after.schemaVersion ?? "empty"))."
                        : "Applied \(pending.count) migration\(pending.count == 1 ? "" : "s"): "
                            + pending.joined(separator: ", "))
            }
        }
    }

    /// What `alumni db migrate --json` prints.
    struct MigrationReport: Encodable {
        var applied: [String]
        var schemaVersion: String?
    }
}
