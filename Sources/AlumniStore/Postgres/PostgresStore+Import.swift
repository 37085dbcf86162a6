import AlumniCore
import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// `alumni people import` on PostgreSQL: the rows read and checked as on SQLite (`CheckedRows`,
/// on a reading thread), the new people streamed in with `COPY`, the whole import one
/// transaction, so a refused or failed import leaves nothing behind.
extension PostgresStore {
    /// Imports people from CSV (layout ``PersonCSV``) with the rules of SQLite's
    /// ``AlumniDatabase/importPeople(from:options:actor:onRejected:onProgress:)``. The table of
    /// people is locked against other writers (not readers) while it runs: the importer hands
    /// out the new people's ids itself, and checks references against everyone stored.
    public func importPeople(
        from file: URL, options: PeopleImportOptions, actor: Caller,
        onRejected: (ImportRejection) -> Void = { _ in }, onProgress: (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportSummary {
        try await authorize(.writePeople, actor)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let fileBytes = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        do {
            return try await transaction { connection in
                var importer = try await PostgresImporter.start(
                    store: self, connection: connection, options: options, actor: actor.name, fileBytes: fileBytes)
                let batches = CheckedRows.read(handle)
                defer { batches.cancel() }
                while let batch = try batches.take() {
                    for row in batch.rows {
                        if let rejection = try await importer.handle(row, header: batch.header) {
                            onRejected(rejection)
                        }
                        if importer.rows % options.progressEvery == 0 {
                            onProgress(ImportProgress(rows: importer.rows, bytes: batch.bytes))
                        }
                    }
                }
                let summary = try await importer.finish()
                guard summary.committed else { throw RolledBack(summary: summary) }
                return summary
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.summary
        }
    }

    /// Ends the import's transaction without keeping anything: a dry run, or bad rows.
    private struct RolledBack: Error {
        let summary: ImportSummary
    }
}

/// One import's state inside its transaction: the references stored, the next id, and the new
/// people, tags and audit entries waiting for their `COPY`.
private struct PostgresImporter {
    let store: PostgresStore
    let connection: PostgresConnection
    let options: PeopleImportOptions
    let actor: String
    let now: Date
    /// `now` as `COPY` reads a `timestamptz`, twice (created, updated), then the run.
    var stamps: String
    /// Who holds each reference (`kind ref`), those added by this import included.
    var holders: [String: Int64]
    var nextId: Int64
    var summary = ImportSummary()
    /// Rows read so far.
    var rows = 0
    /// The import's run (``PersonRows`` `import_run_id`): its one audit entry names it.
    var run: Int64?
    /// The secondary indexes set aside for a large file, built again at the end.
    var suspended: [String] = []
    /// New people and their tags, in `COPY`'s text format, waiting to be sent.
    var people = ByteBuffer()
    var waiting = 0
    var tags = ByteBuffer()

    /// Rows a `COPY` carries.
    static let flushEvery = 5_000

    static func start(
        store: PostgresStore, connection: PostgresConnection, options: PeopleImportOptions, actor: String,
        fileBytes: UInt64
    ) async throws -> PostgresImporter {
        _ = try await store.rows("LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE", on: connection)
        var holders: [String: Int64] = [:]
        for row in try await store.rows(
            "SELECT id, kind, external_ref FROM person WHERE external_ref IS NOT NULL", on: connection)
        {
            holders[key(row["kind"], row["external_ref"])] = row["id"]
        }
        // Past both the highest id and the identity's last one, and without taking from the
        // identity: a dry run or a refused import leaves it where it was, as SQLite's does.
        let next =
            try await store.rows(
                """
                SELECT GREATEST(COALESCE((SELECT max(id) FROM person), 0),
                    COALESCE(pg_sequence_last_value(pg_get_serial_sequence('person', 'id')::regclass), 0)) + 1 AS id
                """, on: connection
            ).first?["id"] as Int64? ?? 1
        let now = store.clock.now()
        var importer = PostgresImporter(
            store: store, connection: connection, options: options, actor: actor, now: now,
            stamps: "", holders: holders, nextId: next)
        guard !options.dryRun else { return importer }
        // As SQLite's batched import: one run, its people marked with it, one audit entry for
        // them all (with `update` too, whose changed people get their own entries).
        if try await store.rows("SELECT count(*) FROM person", on: connection).first.map({ $0[0] as Int }).map({
            fileBytes / 100 >= max(UInt64($0), 10_000)
        }) == true {
            importer.suspended = try await suspendSecondaryIndexes()
        }
        let run = try await store.insertedId(
            ImportRunRows.startSQL,
            [actor.databaseValue, importer.now.stored.databaseValue, next.databaseValue, "[]".databaseValue],
            on: connection)
        importer.run = run
        let stamp = PostgresCopyWriter.timestamp(Int64((now.stored * 1_000_000).rounded()))
        importer.stamps = "\t\(stamp)\t\(stamp)\t\(run)\n"
        return importer

        /// Drops the non-unique indexes of people and their tags (not `person_unreachable`, which
        /// only bounces fill); returns their definitions. Inside the transaction: a failed import
        /// brings them back with everything else, and readers of the table wait until it ends.
        func suspendSecondaryIndexes() async throws -> [String] {
            let indexes = try await store.rows(
                """
                SELECT indexname, indexdef FROM pg_indexes
                WHERE tablename IN ('person', 'person_tag') AND indexdef NOT LIKE 'CREATE UNIQUE%'
                  AND indexname <> 'person_unreachable' ORDER BY indexname
                """, on: connection)
            for index in indexes {
                _ = try await store.rows("DROP INDEX \"\(index["indexname"] as String)\"", on: connection)
            }
            return indexes.map { $0["indexdef"] }
        }
    }

    private static func key(_ kind: String, _ ref: String) -> String { kind + " " + ref }

    /// Stores one row (or, in a dry run, checks it), or returns why it cannot be stored.
    mutating func handle(_ row: CheckedRow, header: [String]) async throws -> ImportRejection? {
        rows += 1
        do {
            let patch = try row.patch.get()
            let holder = patch.kind.flatMap { kind in patch.externalRef.flatMap { holders[Self.key(kind.rawValue, $0)] }
            }
            if options.update, let holder {
                try await flush()
                try await store.update(id: holder, with: patch, action: "person.updated", actor: actor, on: connection)
                summary.updated += 1
                return nil
            }
            let fields = try row.validated.get()
            if let holder { throw PersonRows.duplicateReference(fields, holder: holder) }
            add(fields, searchText: row.searchText)
            if waiting >= Self.flushEvery { try await flush() }
            return nil
        } catch let failure as ValidationFailure {
            summary.rejected += 1
            return ImportRejection(
                line: row.record.line, errors: failure.errors, header: header, fields: row.record.fields)
        }
    }

    private mutating func add(_ fields: PersonFields, searchText: String?) {
        let id = nextId
        nextId += 1
        if let kind = fields.kind, let ref = fields.externalRef { holders[Self.key(kind.rawValue, ref)] = id }
        summary.added += 1
        guard !options.dryRun else { return }
        people.writeString(String(id))
        // The last three values (the instants, the run) are the same on every row: written once.
        for value in PersonRows.insertValues(fields, searchText: searchText, at: now).dropLast(3) {
            people.writeInteger(UInt8(ascii: "\t"))
            switch value.storage {
            case .string(let text): PostgresCopyWriter.writeEscaped(text, into: &people)
            case .int64(let number): people.writeString(String(number))
            case .null, .double, .blob: people.writeString("\\N")
            }
        }
        people.writeString(stamps)
        waiting += 1
        for tag in Set(fields.tags ?? []).sorted() {
            tags.writeString("\(id)\t")
            PostgresCopyWriter.writeEscaped(tag, into: &tags)
            tags.writeInteger(UInt8(ascii: "\n"))
        }
    }

    /// Sends what waits to the server: the people first, then what refers to them.
    private mutating func flush() async throws {
        let writer = PostgresCopyWriter(connection: connection, store: store)
        if people.readableBytes > 0 { try await writer.copy(people, into: "person", columns: Self.personColumns) }
        if tags.readableBytes > 0 { try await writer.copy(tags, into: "person_tag", columns: ["person_id", "tag"]) }
        people.clear()
        tags.clear()
        waiting = 0
    }

    /// The last rows sent, the identity moved past the ids handed out and departures planned,
    /// when the import is kept.
    mutating func finish() async throws -> ImportSummary {
        let keep = !options.dryRun && (summary.rejected == 0 || options.skipInvalid)
        if keep {
            try await flush()
            if summary.added > 0 {
                _ = try await store.rows(
                    "SELECT setval(pg_get_serial_sequence('person', 'id'), ?)", [nextId - 1], on: connection)
            }
            for definition in suspended { _ = try await store.rows(definition, on: connection) }
            try await store.planDepartures(of: nil, on: connection)
            if let run {
                let detail = "import #\(run): \(summary.added) people added"
                let entry = try await store.insertedId(
                    "INSERT INTO audit_event (at, actor, action, person_id, detail) VALUES (?, ?, ?, NULL, ?)",
                    [
                        now.stored.databaseValue, actor.databaseValue, "people.imported".databaseValue,
                        detail.databaseValue,
                    ],
                    on: connection)
                _ = try await store.rows(ImportRunRows.doneSQL, [entry, run], on: connection)
            }
        }
        summary.committed = keep
        return summary
    }

    /// The columns of ``PersonRows/newRows`` with the id first, as the importer writes them.
    private static let personColumns = [
        "id", "kind", "given_name", "family_name", "email", "phone", "address", "country", "language", "external_ref",
        "joined_on", "left_on", "departure_reason", "sentiment", "search_text", "created_at", "updated_at",
        "import_run_id",
    ]
}
