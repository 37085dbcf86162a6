import AlumniCore
import GRDB

/// The columns a query selects and its decoder reads by position, declared once in order: the
/// select list is made from the cases, and the decoder names the case it reads, so a column
/// can neither be read from the wrong place nor be missing from the list. Case names are the
/// columns' names in camel case (`firstResponseDueAt` is `first_response_due_at`).
protocol OrderedColumns: CaseIterable, RawRepresentable<Int32> {
    /// The table the columns are qualified with in the select list (for joins), or nil.
    static var table: String? { get }
}

extension OrderedColumns {
    /// The column's name in the schema.
    var name: String {
        var name = ""
        for character in String(describing: self) {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }

    /// `a, b, c` (or `table.a, table.b, …`), in declaration order; keep it in a `static let`.
    static func selectList() -> String {
        allCases.map { column in table.map { "\($0).\(column.name)" } ?? column.name }.joined(separator: ", ")
    }
}

extension DirectColumns {
    subscript<Value: StatementColumnConvertible>(column: some OrderedColumns) -> Value? {
        self[column.rawValue]
    }

    subscript<Value: RawRepresentable<String>>(column: some OrderedColumns) -> Value? {
        get throws { try self[column.rawValue] }
    }

    subscript(column: some OrderedColumns) -> CalendarDate? {
        get throws { try self[column.rawValue] }
    }

    func required<Value: StatementColumnConvertible>(_ column: some OrderedColumns) throws -> Value {
        try required(column.rawValue)
    }

    func required<Value: RawRepresentable<String>>(_ column: some OrderedColumns) throws -> Value {
        try required(column.rawValue)
    }
}

/// A row a decoder reads by ``OrderedColumns`` case: SQLite's rows by position, PostgreSQL's
/// (whose column order the row bridge does not keep) by name (``NamedColumns``). Decoders
/// written against it are specialised for each, so SQLite's keeps its fast path.
protocol OrderedRow {
    func decoded<Value: DatabaseValueConvertible>(_ column: some OrderedColumns) -> Value
    /// A value GRDB reads straight from the statement's column.
    func primitive<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: some OrderedColumns)
        -> Value
}

extension OrderedRow {
    subscript<Value: DatabaseValueConvertible>(column: some OrderedColumns) -> Value { decoded(column) }

    /// The fast path where the value allows it: without this overload the overdue page decoded
    /// 10 % slower.
    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(column: some OrderedColumns) -> Value {
        primitive(column)
    }
}

/// A row read by column name: one from PostgreSQL through the row bridge.
struct NamedColumns: OrderedRow {
    let row: Row

    func decoded<Value: DatabaseValueConvertible>(_ column: some OrderedColumns) -> Value { row[column.name] }

    func primitive<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: some OrderedColumns)
        -> Value
    { row[column.name] }
}

extension Row: OrderedRow {
    func decoded<Value: DatabaseValueConvertible>(_ column: some OrderedColumns) -> Value {
        self[Int(column.rawValue)]
    }

    /// GRDB's fast path, straight from the statement's column (as `row[Int]` picks it).
    func primitive<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: some OrderedColumns)
        -> Value
    { self[Int(column.rawValue)] }
}
