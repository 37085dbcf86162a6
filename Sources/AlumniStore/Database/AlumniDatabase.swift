import AlumniCore
import Foundation
import GRDB
import Logging

/// The Alumni Desk database: one SQLite file, opened in WAL mode with foreign keys on and
/// the schema migrated to the current version.
///
/// Feature code lives in extensions, one file per feature (`AlumniDatabase+People.swift`…).
/// Write transactions go through `write(_:)`, which also records a request's
/// `Idempotency-Key` with the write (`AlumniDatabase+Idempotency.swift`); the connection
/// itself stays inside the store, so no caller can write around that.
public struct AlumniDatabase: Sendable {
    /// The connection (a pool in production, a queue in some tests). Only the benchmarks, which
    /// measure the store against hand-written SQL, and tests that look at the schema reach it
    /// from outside, through `@_spi(RawDatabase) import AlumniStore`.
    @_spi(RawDatabase) public let writer: any DatabaseWriter
    /// Where "now" comes from, for every timestamp the store writes.
    public let clock: any WallClock
    /// Renders the messages requesters get when an inquiry is answered, asks them something or
    /// is extended; queued in the same transaction as the step. Nil sends nothing.
    public let requesterMessages: (any RequesterMessages)?
    let logger: Logger
    /// Whether writes are failing for storage now (``writeFault()``).
    let storageHealth = StorageHealth()
    /// Connections for single-statement reads; nil reads everything through `writer`.
    private(set) var statementReaders: StatementReaders?

    /// Wraps an open connection and migrates its schema.
    public init(
        _ writer: any DatabaseWriter, clock: any WallClock = SystemClock(),
        requesterMessages: (any RequesterMessages)? = nil, logger: Logger? = nil
    ) throws {
        self.writer = writer
        self.clock = clock
        self.requesterMessages = requesterMessages
        self.logger = logger ?? Logger(label: "alumni.store")
        try AlumniMigrations.migrator.migrate(writer)
    }

    /// Opens (creating if missing) the database file at `path` in WAL mode. A write that cannot
    /// get the lock within `busyTimeout` seconds (another process holds it) fails with
    /// ``StoreError/busy``: the server keeps this short, the command line long. With
    /// `syncEveryCommit`, each commit is synced to disk before it returns.
    public static func open(
        path: String, clock: any WallClock = SystemClock(), requesterMessages: (any RequesterMessages)? = nil,
        logger: Logger? = nil, busyTimeout: TimeInterval = 10, syncEveryCommit: Bool = false
    ) throws -> AlumniDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw StoreError.databaseLocation("the folder \(directory) does not exist")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // NORMAL: a commit is on disk at the next checkpoint; a power cut may lose the last
            // few, never corrupt. FULL (`syncEveryCommit`) where someone else deletes their copy
            // as soon as we answer: a mail server after `mail receive` exits 0.
            try db.execute(sql: syncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            // Erased personal data is overwritten on disk, not just unlinked.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // 64 MiB of page cache (the default is 2 MiB): large imports and scans stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // Checkpoint every 10,000 pages (40 MB) rather than 1,000: one message a transaction
            // rewrites the same pages over and over, and each checkpoint syncs the disk.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            // After a checkpoint the log is cut back to 16 MiB rather than kept at its largest,
            // with old page images (erased text among them) in it.
            try db.execute(sql: "PRAGMA journal_size_limit = 16777216")
        }
        var database: AlumniDatabase
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            database = try AlumniDatabase(pool, clock: clock, requesterMessages: requesterMessages, logger: logger)
        } catch {
            throw StorageFault(error, path: path) ?? error
        }
        database.statementReaders = StatementReaders(
            path: path, configuration: configuration, capacity: 4 * ProcessInfo.processInfo.activeProcessorCount)
        return database
    }

    /// Runs a read made of one statement, on a statement reader when there are some.
    func readStatement<T>(_ statement: (Database) throws -> T) throws -> T {
        if let statementReaders { return try statementReaders.read(statement) }
        return try writer.unsafeRead(statement)
    }

    /// Runs a read of a few statements on a statement reader, inside one transaction so they see
    /// one snapshot: for a page a person opens again and again, the pool's checkout and schema
    /// check cost more than its queries.
    func readSnapshot<T>(_ body: (Database) throws -> T) throws -> T {
        guard let statementReaders else { return try writer.read(body) }
        return try statementReaders.read { db in
            var result: T?
            try db.inTransaction(.deferred) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Closes every connection: the statement readers, then the pool (the last connection to
    /// close checkpoints the WAL into the database file). Nothing may use the database after.
    public func close() throws {
        try statementReaders?.close()
        try writer.close()
    }

    /// The database file (empty for one in memory).
    public var path: String { writer.path }

    /// The storage fault `error` stands for (a full disk, a read-only file system, an I/O error,
    /// a damaged file), for a front end that met a raw error of a read; nil for any other error.
    public func storageFault(_ error: any Error) -> StorageFault? {
        error as? StorageFault ?? StorageFault(error, path: path)
    }

    /// The storage fault the latest write met, while writes are failing (until one succeeds, or
    /// for a few seconds after the last that failed); nil when writes work.
    public func writeFault() -> StorageFault? {
        storageHealth.fault(at: clock.now())
    }

    /// True when every migration this build knows has been applied.
    public func isSchemaCurrent() throws -> Bool {
        try writer.read { db in try AlumniMigrations.migrator.hasCompletedMigrations(db) }
    }
}

/// Errors of the store that are the caller's to fix.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// No such record.
    case notFound(String)
    /// The reference matches several people; the kind tells them apart.
    case ambiguous(String)
    /// The database file cannot be where it was asked to be.
    case databaseLocation(String)
    /// The record changed since the caller read it.
    case stale(String)
    /// Another process held the database's write lock for longer than the busy timeout.
    case busy
    /// PostgreSQL refused a statement: its words, and where.
    case refused(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .ambiguous(let what): what
        case .databaseLocation(let reason): "cannot open the database: \(reason)"
        case .stale(let what): "\(what) changed since it was read; read it again"
        case .busy: "the database is busy with a long write (an import?); try again in a moment"
        case .refused(let reason): reason
        }
    }
}
