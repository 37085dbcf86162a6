import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

/// Where the database is and who is at the keyboard; shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The database file.", discussion: "Default: $ALUMNI_DB, else ./alumni.sqlite.", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("Who is making the change, for the audit log. Default: $USER.", valueName: "name"))
    var actor: String?

    /// The database path after flags and environment.
    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["ALUMNI_DB"] ?? "alumni.sqlite"
    }

    /// The name written to the audit log.
    var actorName: String {
        actor ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Opens (creating and migrating if needed) the database.
    func open() throws -> AlumniDatabase {
        try AlumniDatabase.open(path: databasePath)
    }
}

/// `--json`: machine-readable output instead of text for people.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}
