import Foundation
import GRDB

/// A SQLite database as one side of a copy: read a batch at a time in key order, or written a
/// batch a transaction (a new file, removed by the caller if the copy fails).
struct SQLiteCopySide: Sendable {
    let queue: DatabaseQueue

    /// The tables and columns the file has, for the check that the schemas agree.
    func columnNames() throws -> [String: [String]] {
        try queue.read { db in
            var names: [String: [String]] = [:]
            for table in try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                      AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """)
            {
                names[table] = try db.columns(in: table).map(\.name)
            }
            return names
        }
    }

    func count(_ table: CopyTable) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table.name)\"") ?? 0 }
    }

    /// Up to `limit` rows after the key `after` (from the start when nil), in key order.
    func rows(_ table: CopyTable, after: [CopyValue]?, limit: Int) throws -> [[CopyValue]] {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let key = table.key.map { "\"\($0.name)\"" }
        var sql = "SELECT \(columns) FROM \"\(table.name)\""
        var arguments = StatementArguments()
        if let after {
            sql += " WHERE (\(key.joined(separator: ", "))) > (\(key.map { _ in "?" }.joined(separator: ", ")))"
            for value in after { arguments += [value.databaseValue] }
        }
        sql += " ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)"
        return try queue.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                (0..<row.count).map { CopyValue(row[$0] as DatabaseValue) }
            }
        }
    }

    /// The last id each table's `AUTOINCREMENT` handed out, which a copy carries over so that no
    /// id is given twice.
    func sequences() throws -> [String: Int64] {
        try queue.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence").map { ($0["name"], $0["seq"]) },
                uniquingKeysWith: max)
        }
    }

    /// Gets a new file ready: the rows migrations seeded go (the source's replace them), and the
    /// triggers are set aside until ``finish(sequences:triggers:)`` (the source's rows already
    /// hold what they would write). Returns the triggers' definitions.
    func prepare() throws -> [String] {
        try queue.write { db in
            for table in CopySchema.seededTables.sorted() { try db.execute(sql: "DELETE FROM \"\(table)\"") }
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \"\(trigger["name"] as String)\"") }
            return triggers.map { $0["sql"] }
        }
    }

    func insert(_ rows: [[CopyValue]], into table: CopyTable) throws {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let marks = table.columns.map { _ in "?" }.joined(separator: ", ")
        try queue.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO \"\(table.name)\" (\(columns)) VALUES (\(marks))")
            for row in rows {
                try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
            }
        }
    }

    /// Puts the triggers back and carries the sequences over.
    func finish(sequences: [String: Int64], triggers: [String]) throws {
        try queue.write { db in
            for trigger in triggers { try db.execute(sql: trigger) }
            for (table, last) in sequences.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", arguments: [last, table])
                if db.changesCount == 0 {
                    try db.execute(
                        sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table, last])
                }
            }
        }
    }
}

extension CopyValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .bytes(Array(data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .bytes(let bytes): Data(bytes).databaseValue
        }
    }
}
