import AlumniCore
import AlumniMail
import AlumniSettings
import AlumniStore
import ArgumentParser
import Foundation
import Logging

/// Where the database is and who is at the keyboard; shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The database: a SQLite file, or a postgres:// URL.",
            discussion: """
                Default: $ALUMNI_DB, else ./alumni.sqlite. A URL's password comes from the URL, else \
                $ALUMNI_DB_PASSWORD, else the file $ALUMNI_DB_PASSWORD_FILE names.
                """, valueName: "path|url"))
    var db: String?

    @Option(help: ArgumentHelp("Who is making the change, for the audit log. Default: $USER.", valueName: "name"))
    var actor: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Act as this staff account, with its role.",
            discussion: """
                What the role may not do is refused, as in the desk and the API (exit 77). Without it, whoever \
                holds the database file has the administrator's rights, named by --actor in the audit log.
                """, valueName: "user"))
    var staffAccount: String?

    /// The database path after flags and environment.
    var databasePath: String { Self.databasePath(db) }

    /// `given` (from `--db`), else `$ALUMNI_DB`, else `./alumni.sqlite`.
    static func databasePath(_ given: String?) -> String {
        given ?? ProcessInfo.processInfo.environment["ALUMNI_DB"] ?? "alumni.sqlite"
    }

    /// Where the database is: a file, or a PostgreSQL server with the password from the environment.
    var location: DatabaseLocation {
        get throws { try DatabaseLocation(databasePath, environment: ProcessInfo.processInfo.environment) }
    }

    /// What a command that needs a SQLite file says when `--db` names a PostgreSQL database.
    static func sqliteOnly(_ what: String = "this command") -> ValidationError {
        ValidationError(
            "--db: \(what) does not run on PostgreSQL yet (docs/operations.md lists those that do); "
                + "to work on the data, copy it into a SQLite file with alumni db copy")
    }

    /// The name the audit log gives someone at the console: `--actor`, else `$USER`.
    private var consoleName: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown" }

    /// Who acts on `database`: the staff account `--as` names, else the person at the console.
    func actor(_ database: AlumniDatabase) throws -> Caller {
        guard let staffAccount else { return Caller.console(consoleName).via(via) }
        return try database.staffActor(named: staffAccount, via: via)
    }

    /// Opens the store `--db` names, a SQLite file or a PostgreSQL database (created or migrated
    /// as needed), and runs `body` with it and who acts on it; closes it after.
    func withStore<T: Sendable>(_ body: (Store, Caller) async throws -> T) async throws -> T {
        let clock = try Self.clock()
        return try await Store.with(
            try location, clock: clock, requesterMessages: try Self.requesterMessages(clock: clock),
            sqlite: { try Self.open(path: $0) }
        ) { store in
            let caller =
                if let staffAccount {
                    try await store.staffActor(named: staffAccount, via: via)
                } else {
                    Caller.console(consoleName).via(via)
                }
            return try await body(store, caller)
        }
    }

    /// The command as the audit log names it: `alumni people list`.
    private var via: String {
        (["alumni"] + CommandLine.arguments.dropFirst().prefix { !$0.hasPrefix("-") }.prefix(2)).joined(separator: " ")
    }

    /// Opens (creating and migrating if needed) the database. Messages to requesters are
    /// rendered with `mail`, or with the mail settings read when the first one is queued.
    func open(mail: MailSettings? = nil, busyTimeout: TimeInterval = 10) throws -> AlumniDatabase {
        try Self.open(path: databasePath, mail: mail, busyTimeout: busyTimeout)
    }

    /// Opens the database at `path`, as ``open(mail:busyTimeout:)`` does; with `syncEveryCommit`
    /// each commit is on disk before it returns.
    static func open(
        path: String, mail: MailSettings? = nil, busyTimeout: TimeInterval = 10, syncEveryCommit: Bool = false
    ) throws -> AlumniDatabase {
        guard !PostgresLocation.isURL(path) else { throw sqliteOnly() }
        let clock = try Self.clock()
        let messages = try requesterMessages(mail: mail, clock: clock)
        // A command tells what went wrong itself, on standard error; the store's log is the server's.
        var logger = Logger(label: "alumni.store")
        logger.logLevel = .critical
        return try AlumniDatabase.open(
            path: path, clock: clock, requesterMessages: messages, logger: logger, busyTimeout: busyTimeout,
            syncEveryCommit: syncEveryCommit)
    }

    /// Renders messages to requesters with `mail`, or with the mail settings read when the first
    /// one is queued.
    static func requesterMessages(mail: MailSettings? = nil, clock: any WallClock) throws -> any RequesterMessages {
        if let mail {
            InquiryMessages(from: mail.from, clock: clock, overrides: mail.templatesDirectory)
        } else {
            DeferredInquiryMessages(settings: try Self.settings(), clock: clock)
        }
    }

    /// The settings: the environment over `file`, else over `$ALUMNI_CONFIG`.
    static func settings(file: String? = nil) throws -> SettingsReader {
        let environment = ProcessInfo.processInfo.environment
        return try SettingsReader(file: file ?? environment["ALUMNI_CONFIG"], environment: environment)
    }

    /// The real clock, or the instant in `$ALUMNI_NOW` (ISO 8601) to replay a day or test deadlines.
    static func clock() throws -> any WallClock {
        guard let text = ProcessInfo.processInfo.environment["ALUMNI_NOW"] else { return SystemClock() }
        let parser = ISO8601DateFormatter()
        guard let instant = parser.date(from: text) else {
            throw ValidationError("ALUMNI_NOW: '\(text)' is not an ISO 8601 time like 2026-11-23T09:00:00Z")
        }
        return FixedClock(instant)
    }
}

/// `--json`: machine-readable output instead of text for people.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false
}
