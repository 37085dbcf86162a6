import AlumniStore
import ArgumentParser
import Foundation
import Synchronization

extension AlumniCommand {
    struct DatabaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract:
                "The database itself: its store, schema version and size; migrate it; copy it to the other store.",
            subcommands: [Info.self, Migrate.self, Copy.self])

        struct Info: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Which store, its version, the schema version and the size; changes nothing.",
                discussion: """
                    The schema version is the newest migration applied. Migrations this version of alumni \
                    knows and the database has not had are listed as pending: any command that opens the \
                    database applies them, or run alumni db migrate.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let info: DatabaseInfo
                switch try store.location {
                case .sqlite(let path):
                    guard FileManager.default.fileExists(atPath: path) else {
                        throw StoreError.databaseLocation("there is no database at \(path)")
                    }
                    info = try AlumniDatabase.info(path: path)
                case .postgres(let location):
                    info = try await PostgresStore.withStore(location) { try await $0.info() }
                }
                if output.json { return try Output.json(info) }
                print(
                    "Store: \(info.store == "sqlite" ? "SQLite" : "PostgreSQL") \(info.storeVersion), \(info.location)")
                print(
                    "Schema: \(info.schemaVersion ?? "empty") (\(info.migrationsApplied) migrations applied"
                        + (info.migrationsPending.isEmpty
                            ? ")" : "; pending: \(info.migrationsPending.joined(separator: ", ")))"))
                print(
                    "Size: \(info.sizeBytes) bytes"
                        + (info.writeAheadLogBytes.map { ", write-ahead log \($0) bytes" } ?? ""))
            }
        }

        struct Migrate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Bring the database's schema up to this version, and say which migrations ran.",
                discussion: """
                    Every command does this when it first opens the database; run it on its own before \
                    starting servers after an upgrade. A SQLite file that does not exist yet is created. On \
                    PostgreSQL the migrations run under an advisory lock: two started at once migrate once.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let report: MigrationReport
                switch try store.location {
                case .sqlite(let path):
                    let pending =
                        FileManager.default.fileExists(atPath: path)
                        ? try AlumniDatabase.info(path: path).migrationsPending : AlumniDatabase.migrationNames
                    try store.open().close()
                    report = MigrationReport(
                        applied: pending, schemaVersion: try AlumniDatabase.info(path: path).schemaVersion)
                case .postgres(let location):
                    report = try await PostgresStore.withStore(location) { store in
                        MigrationReport(
                            applied: try await store.migrate(), schemaVersion: try await store.info().schemaVersion)
                    }
                }
                if output.json { return try Output.json(report) }
                print(
                    report.applied.isEmpty
                        ? "The schema is up to date (\(report.schemaVersion ?? "empty"))."
                        : "Applied \(report.applied.count) migration\(report.applied.count == 1 ? "" : "s"): "
                            + report.applied.joined(separator: ", "))
            }
        }

        struct Copy: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy the whole database between SQLite and PostgreSQL, then check both sides agree.",
                discussion: """
                    From the SQLite file --db names into an empty PostgreSQL database (--to postgres://…), \
                    in one transaction; or from the PostgreSQL database --db names into a new SQLite file \
                    (--to FILE), for a support copy or the way back. Refused while alumni serve runs on the \
                    source. Progress goes to standard error; then every table's rows and a checksum of its \
                    contents are read again on both sides and printed. Exit 1 if any table differs.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(
                help: ArgumentHelp("Where to copy to: a postgres:// URL or a new SQLite file.", valueName: "url|path"))
            var to: String

            func run() async throws {
                let environment = ProcessInfo.processInfo.environment
                let progress = CopyProgress()
                let report: CopyReport
                switch (try store.location, try DatabaseLocation(to, environment: environment)) {
                case (.sqlite(let path), .postgres(let target)):
                    report = try await DatabaseCopy.copy(sqlite: path, to: target, progress: progress.report)
                case (.postgres(let source), .sqlite(let path)):
                    report = try await DatabaseCopy.copy(postgres: source, toSQLite: path, progress: progress.report)
                case (.sqlite, .sqlite):
                    throw ValidationError(
                        "--to: a copy goes between SQLite and PostgreSQL; for a copy of the file use alumni backup")
                case (.postgres, .postgres):
                    throw ValidationError(
                        "--to: a copy goes between SQLite and PostgreSQL; between PostgreSQL databases use pg_dump")
                }
                if output.json {
                    try Output.json(report)
                } else {
                    print("Copied \(report.source) to \(report.target)")
                    let width = report.tables.map(\.name.count).max() ?? 0
                    for table in report.tables {
                        let name = table.name.padding(toLength: width, withPad: " ", startingAt: 0)
                        let rows = String(format: "%9d", table.sourceRows)
                        print(
                            "\(name) \(rows) rows  \(table.sourceChecksum)"
                                + (table.equal
                                    ? "  equal"
                                    : "  DIFFERS: the copy has \(table.targetRows) rows, \(table.targetChecksum)"))
                    }
                    print(report.equal ? "Every table is equal on both sides." : "Some tables differ: see above.")
                }
                if !report.equal { throw ExitCode.failure }
            }
        }
    }

    /// What `alumni db migrate --json` prints.
    struct MigrationReport: Encodable {
        var applied: [String]
        var schemaVersion: String?
    }
}

/// Tells, on standard error, how far a copy is: each table when it is done, and every few
/// seconds on a large one.
private final class CopyProgress: Sendable {
    private let lastNote = Mutex(ContinuousClock.now)

    var report: DatabaseCopy.Progress {
        { [self] table, copied, total in
            let due = lastNote.withLock { last in
                guard copied >= total || ContinuousClock.now - last > .seconds(2) else { return false }
                last = ContinuousClock.now
                return true
            }
            if due { Output.note("\(table): \(copied) of \(total) rows") }
        }
    }
}
