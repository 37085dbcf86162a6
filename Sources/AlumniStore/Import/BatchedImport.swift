import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// An import that commits every `options.batchSize` rows, so other writers get the database
    /// between batches, and keeps its all-or-nothing promise by undoing itself: a run records
    /// where its people start, each imported person names the run, and when a row is refused
    /// (without `skipInvalid`) or the import fails, the run's people are deleted again. A run
    /// killed part-way is undone by the next import or `alumni serve` start. Other readers see
    /// the people of a running import as they come. A finished run writes one audit entry,
    /// `people.imported`, which a person's own audit trail shows (``auditEvents(personId:limit:offset:as:)``).
    func importInBatches(
        from handle: FileHandle, fileBytes: UInt64, options: PeopleImportOptions, actor: String,
        onRejected: (ImportRejection) -> Void, onProgress: (ImportProgress) -> Void
    ) throws -> ImportSummary {
        let lock = try importLock()
        defer { withExtendedLifetime(lock) {} }
        try undoRunningImports()
        let now = clock.now()
        let run = try write { db -> Int64 in
            let suspended =
                try Self.isLarge(fileBytes: fileBytes, in: db)
                ? SecondaryIndexes.suspendForImport(in: db).definitions : []
            let first = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM person") ?? 1)
            let definitions = String(decoding: try JSONEncoder().encode(suspended), as: UTF8.self)
            try db.execute(sql: ImportRunRows.startSQL, arguments: [actor, now.stored, first, definitions])
            return db.lastInsertedRowID
        }
        var summary = ImportSummary()
        var rows = 0
        var pending: [(record: CSVReader.Record, header: [String])] = []
        var people: [NewPeople.Row] = []
        let writer = NewPeople(database: self, run: run, now: now)
        func flush() throws {
            guard !pending.isEmpty else { return }
            let refused = try write { db in try writer.insert(people, in: db) }
            summary.added += pending.count - refused.count
            summary.rejected += refused.count
            for (index, failure) in refused {
                let (record, header) = pending[index]
                onRejected(
                    ImportRejection(line: record.line, errors: failure.errors, header: header, fields: record.fields))
            }
            pending.removeAll(keepingCapacity: true)
            people.removeAll(keepingCapacity: true)
        }
        do {
            let batches = CheckedRows.read(handle)
            defer { batches.cancel() }
            while let batch = try batches.take() {
                for row in batch.rows {
                    rows += 1
                    switch row.validated {
                    case .failure(let failure):
                        summary.rejected += 1
                        onRejected(
                            ImportRejection(
                                line: row.record.line, errors: failure.errors, header: batch.header,
                                fields: row.record.fields))
                    case .success(let fields):
                        // Stored even after a refusal, to find every duplicate reference; undone at the end.
                        pending.append((row.record, batch.header))
                        people.append(NewPeople.Row(fields: fields, searchText: row.searchText))
                    }
                    if pending.count >= options.batchSize { try flush() }
                    if rows % options.progressEvery == 0 { onProgress(ImportProgress(rows: rows, bytes: batch.bytes)) }
                }
            }
            try flush()
        } catch {
            try undoImport(run, reason: "failed: \(error)")
            throw error
        }
        guard summary.rejected == 0 || options.skipInvalid else {
            try undoImport(run, reason: "\(summary.rejected) rows refused")
            summary.committed = false
            return summary
        }
        try write { db in
            try SecondaryIndexes.rebuild(try Self.suspendedIndexes(of: run, in: db), in: db)
            // Recent departures in the file get their farewells and check-ins like any other.
            try planDepartures(of: nil, in: db)
            try AuditLog.record(
                "people.imported", personId: nil, actor: actor, at: now,
                detail: "import #\(run): \(summary.added) people added", in: db)
            try db.execute(sql: ImportRunRows.doneSQL, arguments: [db.lastInsertedRowID, run])
        }
        summary.committed = true
        return summary
    }

    /// Undoes every import left running by a process that is gone; nothing while another
    /// process imports (it holds the import lock). `alumni serve` calls it when it starts.
    public func undoAbandonedImports() throws {
        guard let lock = try? importLock() else { return }
        defer { withExtendedLifetime(lock) {} }
        try undoRunningImports()
    }

    /// Undoes the imports marked running; the caller holds the import lock, so none is alive.
    private func undoRunningImports() throws {
        let runs = try writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM import_run WHERE status = 'running'")
        }
        for run in runs { try undoImport(run, reason: "stopped part-way") }
    }

    /// Deletes the people run `run` added and builds any index it set aside again.
    private func undoImport(_ run: Int64, reason: String) throws {
        try write { db in
            guard
                let first = try Int64.fetchOne(
                    db, sql: "SELECT first_person_id FROM import_run WHERE id = ?", arguments: [run])
            else { return }
            // The run's people are at or after its first id; people others added meanwhile are not its.
            try db.execute(
                sql: "DELETE FROM person WHERE id >= ? AND import_run_id = ?", arguments: [first, run])
            // Runs before schema v15 wrote an entry per person.
            try db.execute(
                sql: "DELETE FROM audit_event WHERE action = 'person.imported' AND detail = ?",
                arguments: ["import #\(run)"])
            try SecondaryIndexes.rebuild(try Self.suspendedIndexes(of: run, in: db), in: db)
            try db.execute(sql: "UPDATE import_run SET status = 'undone' WHERE id = ?", arguments: [run])
            try AuditLog.record(
                "import.undone", personId: nil, actor: "import", at: clock.now(), detail: "import #\(run): \(reason)",
                in: db)
        }
    }

    private static func suspendedIndexes(of run: Int64, in db: Database) throws -> [String] {
        let text = try String.fetchOne(
            db, sql: "SELECT suspended_indexes FROM import_run WHERE id = ?", arguments: [run])
        return try JSONDecoder().decode([String].self, from: Data((text ?? "[]").utf8))
    }

    /// One import at a time on a database: the importer holds an exclusive lock on
    /// `DATABASE.import-lock`, so a run marked running whose lock is free was abandoned.
    private func importLock() throws -> FileLock {
        try FileLock.take(
            writer.path + ".import-lock", exclusive: true,
            busy: ValidationFailure([FieldError(field: "file", reason: "another import is running on this database")]))
    }
}

/// The SQL of an import's run, shared by both stores.
enum ImportRunRows {
    /// A run starts (actor, started at, its first person's id, the indexes it set aside as JSON).
    static let startSQL = """
        INSERT INTO import_run (actor, started_at, status, first_person_id, suspended_indexes)
        VALUES (?, ?, 'running', ?, ?)
        """
    /// A run is done (its audit entry, the run).
    static let doneSQL = "UPDATE import_run SET status = 'done', audit_event_id = ? WHERE id = ?"
}
