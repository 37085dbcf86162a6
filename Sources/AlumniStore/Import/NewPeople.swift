import AlumniCore
import Foundation
import GRDB

/// The valid rows of a batched import written as new people, many to a statement
/// (``MultiRowInsert``), with their tags, each naming the run. The run's one audit entry
/// stands for them all: an entry per person was a third of a million-row import.
struct NewPeople {
    /// A row to store: its validated fields and folded search text.
    struct Row {
        var fields: PersonFields
        var searchText: String?
    }

    let database: AlumniDatabase
    /// The import run that adds them.
    let run: Int64
    let now: Date
    /// A statement's texts, bound without SQLite copying each (a statement of people holds
    /// about 10 kB of them).
    private let arena = BindingArena(bytes: 64 * 1024)

    init(database: AlumniDatabase, run: Int64, now: Date) {
        self.database = database
        self.run = run
        self.now = now
    }

    /// Stores `rows`; returns the positions of those refused (their reference belongs to
    /// someone already) with why. The others are stored whatever happens to those.
    func insert(_ rows: [Row], in db: Database) throws -> [(index: Int, failure: ValidationFailure)] {
        var refused: [(index: Int, failure: ValidationFailure)] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let part = start..<min(start + MultiRowInsert.rowsPerStatement, rows.endIndex)
            start = part.upperBound
            do {
                try insertAtOnce(rows[part], in: db)
            } catch let error as DatabaseError where error.isUniqueViolation {
                // SQLite undid the whole statement: one at a time, to name the row at fault.
                for index in part {
                    do {
                        _ = try database.insertPerson(
                            rows[index].fields, searchText: rows[index].searchText, at: now, importRun: run, in: db)
                    } catch let failure as ValidationFailure {
                        refused.append((index, failure))
                    }
                }
            }
        }
        return refused
    }

    /// Inserts `rows` with one statement, then their tags. With `AUTOINCREMENT` one statement
    /// numbers its rows one after another from the table's highest id, and the import holds the
    /// write lock, so their ids are the last one's and those before it.
    private func insertAtOnce(_ rows: ArraySlice<Row>, in db: Database) throws {
        try db.cachedStatement(sql: PersonRows.newRows.sql(rows: rows.count)).execute(textsIn: arena) { values in
            for row in rows {
                PersonRows.bindInsert(
                    row.fields, searchText: row.searchText ?? PersonRows.searchText(of: row.fields), at: now,
                    importRun: run, to: &values)
            }
        }
        let last = db.lastInsertedRowID
        let ids = (last - Int64(rows.count) + 1)...last
        try PersonRows.insertTags(
            zip(ids, rows).flatMap { id, row in (row.fields.tags ?? []).map { (personId: id, tag: $0) } }, in: db)
    }
}
