import GRDB

/// An `INSERT … VALUES (…), (…), …` that writes many rows of a table with one step.
///
/// A statement pays its overhead once however many rows it writes: binding and stepping it,
/// and for a table with `AUTOINCREMENT` reading and writing `sqlite_sequence`. For the import,
/// one person a statement spent more there than in SQLite's B-trees.
struct MultiRowInsert: Sendable {
    /// Rows a statement writes at most: well under SQLite's limit of 32,766 parameters for the
    /// widest row (the person's 17 columns), large enough that the overhead is spread thin.
    static let rowsPerStatement = 64

    /// The SQL for each number of rows, built once (building it per statement showed in profiles).
    private let sqlByRows: [String]

    /// An insert into `target` (a table and its column list), `columns` values a row; `verb`
    /// may say `INSERT OR IGNORE`.
    init(_ verb: String = "INSERT", into target: String, columns: Int) {
        let row = "(" + repeatElement("?", count: columns).joined(separator: ", ") + ")"
        var sql = "\(verb) INTO \(target) VALUES " + row
        var sqlByRows = [sql]
        for _ in 1..<Self.rowsPerStatement {
            sql += ", " + row
            sqlByRows.append(sql)
        }
        self.sqlByRows = sqlByRows
    }

    /// The SQL inserting `rows` rows, 1 to ``rowsPerStatement``.
    func sql(rows: Int) -> String { sqlByRows[rows - 1] }

    /// Writes `items`, up to ``rowsPerStatement`` a statement, each item's values bound by
    /// `bind` in column order.
    func insert<Item>(
        _ items: some Collection<Item>, in db: Database, binding bind: (Item, inout DirectBindings) -> Void
    ) throws {
        var rest = items[...]
        while !rest.isEmpty {
            let part = rest.prefix(Self.rowsPerStatement)
            rest = rest.dropFirst(part.count)
            try db.cachedStatement(sql: sql(rows: part.count)).execute { values in
                for item in part { bind(item, &values) }
            }
        }
    }
}
