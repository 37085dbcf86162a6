import AlumniCore
import Foundation
import GRDB

/// How `people import` treats a file.
public struct PeopleImportOptions: Sendable {
    /// Check every row, report, store nothing.
    public var dryRun = false
    /// Rows whose reference (of the same kind) exists update that person instead of failing.
    public var update = false
    /// Store the good rows and hand back the bad ones, instead of storing nothing when any row is bad.
    public var skipInvalid = false
    /// The caller hears of progress every this many rows.
    public var progressEvery = 50_000
    /// Rows a transaction of a new-people import holds before it commits and lets other
    /// writers in (an import with `update` is one transaction: updates cannot be undone).
    public var batchSize = 1_000

    public init(dryRun: Bool = false, update: Bool = false, skipInvalid: Bool = false) {
        self.dryRun = dryRun
        self.update = update
        self.skipInvalid = skipInvalid
    }
}

/// A row that was refused, with the line it started on and every reason.
public struct ImportRejection: Sendable, Equatable {
    public var line: Int
    public var errors: [FieldError]
    /// The file's header row, so a rejects file can repeat it.
    public var header: [String]
    /// The row as it was in the file, for a rejects file the user can fix and import again.
    public var fields: [String]
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable, Encodable {
    public var added = 0
    public var updated = 0
    public var rejected = 0
    /// False when nothing was stored: a dry run, or bad rows without `skipInvalid`.
    public var committed = false

    public init(added: Int = 0, updated: Int = 0, rejected: Int = 0, committed: Bool = false) {
        self.added = added
        self.updated = updated
        self.rejected = rejected
        self.committed = committed
    }
}

/// Progress of a long import: rows read so far and bytes of the file consumed.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytes: Int
}

extension AlumniDatabase {
    /// Imports people from CSV (layout ``PersonCSV``), streaming the file in chunks so memory
    /// stays flat whatever its size. All rows are checked; every bad one is handed to
    /// `onRejected`. Unless `skipInvalid` is set, a single bad row means nothing is stored. New
    /// people commit in batches (``importInBatches(from:fileBytes:options:actor:onRejected:onProgress:)``,
    /// undone as a whole on failure); a dry run or an import with `update` is one transaction.
    /// Departures within the look-back window get their farewell and check-ins scheduled.
    ///
    /// - Throws: ``ValidationFailure`` for a bad header, ``CSVReader/SyntaxError`` for a file that is not CSV.
    public func importPeople(
        from file: URL, options: PeopleImportOptions, actor: Caller,
        onRejected: (ImportRejection) -> Void = { _ in },
        onProgress: (ImportProgress) -> Void = { _ in }
    ) throws -> ImportSummary {
        try authorize(.writePeople, actor)
        let actor = actor.name
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let fileBytes = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        if !options.dryRun && !options.update {
            return try importInBatches(
                from: handle, fileBytes: fileBytes, options: options, actor: actor, onRejected: onRejected,
                onProgress: onProgress)
        }
        var summary = ImportSummary()
        try writer.writeWithoutTransaction { db in
            try db.inTransaction {
                let suspended =
                    try options.dryRun || !Self.isLarge(fileBytes: fileBytes, in: db)
                    ? nil : SecondaryIndexes.suspendForImport(in: db)
                var importer = RowImporter(database: self, db: db, options: options, actor: actor, now: clock.now())
                // Rows are read and checked on another thread while this one writes.
                let batches = CheckedRows.read(handle)
                defer { batches.cancel() }
                while let batch = try batches.take() {
                    for row in batch.rows {
                        if let rejection = try importer.handle(row, header: batch.header) { onRejected(rejection) }
                        if importer.rows % options.progressEvery == 0 {
                            onProgress(ImportProgress(rows: importer.rows, bytes: batch.bytes))
                        }
                    }
                }
                summary = importer.summary
                let keep = !options.dryRun && (summary.rejected == 0 || options.skipInvalid)
                summary.committed = keep
                // Recent departures in the file get their farewells and check-ins like any other.
                if keep {
                    try suspended?.rebuild(in: db)
                    try planDepartures(of: nil, in: db)
                }
                // A rollback also brings back any index set aside.
                return keep ? .commit : .rollback
            }
        }
        return summary
    }

    /// True for a file that would at least double the directory (at roughly 100 bytes a row):
    /// then building the secondary indexes afterwards is cheaper than inserting into them.
    static func isLarge(fileBytes: UInt64, in db: Database) throws -> Bool {
        let people = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0
        return fileBytes / 100 >= max(UInt64(people), 10_000)
    }
}

/// Turns checked rows into people inside the import's transaction.
private struct RowImporter {
    let database: AlumniDatabase
    let db: Database
    let options: PeopleImportOptions
    let actor: String
    let now: Date
    var summary = ImportSummary()
    var rows = 0

    /// Stores one row, or returns why it cannot be stored.
    mutating func handle(_ row: CheckedRow, header: [String]) throws -> ImportRejection? {
        rows += 1
        do {
            let fields = try row.patch.get()
            if options.update, let kind = fields.kind, let ref = fields.externalRef,
                let id = try PersonRows.id(kind: kind, ref: ref, in: db)
            {
                try database.update(id: id, with: fields, action: "person.updated", actor: actor, in: db)
                summary.updated += 1
            } else {
                let id = try database.insertPerson(
                    try row.validated.get(), searchText: row.searchText, at: now, in: db)
                try AuditLog.record("person.imported", personId: id, actor: actor, at: now, in: db)
                summary.added += 1
            }
            return nil
        } catch let failure as ValidationFailure {
            summary.rejected += 1
            return ImportRejection(
                line: row.record.line, errors: failure.errors, header: header, fields: row.record.fields)
        }
    }
}
