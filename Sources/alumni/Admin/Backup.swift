import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the database while it is in use, checked and written atomically.",
            discussion: """
                SQLite's online backup of one consistent moment, checked with integrity_check, written \
                under a temporary name and renamed into place: a backup cut short leaves no file that \
                looks complete. Give a FILE, or --dir and --keep for dated backups of which the newest \
                N stay. A backup keeps what was erased after it was taken: see docs/operations.md.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Where to write the backup.") var file: String?
        @Option(help: "A folder for dated backups (alumni-2026-11-30T030000.sqlite).") var dir: String?
        @Option(help: "With --dir: how many backups to keep (the oldest go).") var keep = 7

        func validate() throws {
            guard (file == nil) != (dir == nil) else { throw ValidationError("give either FILE or --dir") }
            guard keep >= 1 else { throw ValidationError("--keep: at least 1") }
            if let dir, !FileManager.default.fileExists(atPath: dir) {
                throw ValidationError("--dir: the folder \(dir) does not exist")
            }
        }

        func run() throws {
            if case .postgres = try store.location {
                throw ValidationError(
                    "--db: alumni backup copies a SQLite file; back up PostgreSQL with pg_dump, or with the "
                        + "server's point-in-time recovery (docs/operations.md, Running on PostgreSQL)")
            }
            let database = try store.open()
            let report =
                if let dir {
                    try database.backup(into: BackupFolder(folder: URL(fileURLWithPath: dir), keep: keep))
                } else {
                    try database.backup(to: URL(fileURLWithPath: file!))
                }
            if output.json { return try Output.json(report) }
            print("Backed up to \(report.path) (\(report.bytes) bytes), integrity ok")
            for path in report.removed { print("Removed the old backup \(path)") }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of the database; the one it replaces is kept beside it.",
            discussion: """
                Refused while alumni serve runs on the database. The backup is checked first; the \
                replaced database is kept as NAME.replaced-STAMP; the restored copy is brought up to \
                this version's schema.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The backup to restore.") var file: String

        func run() throws {
            if case .postgres = try store.location {
                throw ValidationError(
                    "--db: alumni restore replaces a SQLite file; restore PostgreSQL with pg_restore, or with "
                        + "the server's point-in-time recovery (docs/operations.md, Running on PostgreSQL)")
            }
            let report = try DatabaseRestore.restore(
                backup: URL(fileURLWithPath: file), over: store.databasePath, now: try StoreOptions.clock().now())
            if output.json { return try Output.json(report) }
            print("Restored \(file) to \(store.databasePath)")
            if let kept = report.replacedKeptAt { print("The database it replaced is kept at \(kept)") }
            if !report.migrated.isEmpty { print("Brought up to date: \(report.migrated.joined(separator: ", "))") }
        }
    }
}
