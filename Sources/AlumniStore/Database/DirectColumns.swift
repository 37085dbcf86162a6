import AlumniCore
import Foundation
import GRDB
import GRDBSQLite

/// The row a query is on, read by position straight from SQLite: for a single-row read GRDB's
/// `Row` (a row object, a boxed value per column, a generic decode) cost more than the query.
struct DirectColumns {
    private let handle: OpaquePointer

    fileprivate init(_ handle: OpaquePointer) { self.handle = handle }

    /// The value of column `index` (from 0); nil for NULL.
    subscript<Value: StatementColumnConvertible>(index: Int32) -> Value? {
        Value.fromStatement(handle, atUncheckedIndex: index)
    }

    /// A text column holding one of a type's raw values; nil for NULL.
    subscript<Value: RawRepresentable<String>>(index: Int32) -> Value? {
        get throws {
            guard let text: String = self[index] else { return nil }
            guard let value = Value(rawValue: text) else { throw unreadable(index, "'\(text)' is not a \(Value.self)") }
            return value
        }
    }

    /// A text column holding an ISO date; nil for NULL.
    subscript(index: Int32) -> CalendarDate? {
        get throws {
            guard let text: String = self[index] else { return nil }
            guard let date = CalendarDate(iso: text) else { throw unreadable(index, "'\(text)' is not a date") }
            return date
        }
    }

    /// The value of a column that is never NULL.
    func required<Value: StatementColumnConvertible>(_ index: Int32) throws -> Value {
        guard let value: Value = self[index] else { throw unreadable(index, "NULL is not a \(Value.self)") }
        return value
    }

    /// The value of a column that is never NULL and holds one of a type's raw values.
    func required<Value: RawRepresentable<String>>(_ index: Int32) throws -> Value {
        guard let value: Value = try self[index] else { throw unreadable(index, "NULL is not a \(Value.self)") }
        return value
    }

    private func unreadable(_ index: Int32, _ reason: String) -> DatabaseError {
        let column = String(cString: sqlite3_column_name(handle, index))
        return DatabaseError(resultCode: .SQLITE_MISMATCH, message: "column \(column): \(reason)")
    }
}

extension Statement {
    /// The first row of this query run with the values `bind` adds, as `read` makes it; nil when
    /// there is none. The statement is reset before this returns, which ends its read.
    func fetchFirst<T>(binding bind: (inout DirectBindings) -> Void, _ read: (DirectColumns) throws -> T) throws -> T? {
        let handle = rebound(bind)
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return try read(DirectColumns(handle))
        case SQLITE_DONE: return nil
        case let code: throw stepFailure(code)
        }
    }

    /// Runs this query with `arguments` and hands every row to `body`, in order.
    func forEachRow(arguments: StatementArguments, _ body: (DirectColumns) throws -> Void) throws {
        try setArguments(arguments)
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(DirectColumns(handle))
            case SQLITE_DONE: return
            case let code: throw stepFailure(code)
            }
        }
    }

    /// Every row of this query run with `arguments`, as `read` makes them.
    func fetchAll<T>(arguments: StatementArguments, _ read: (DirectColumns) throws -> T) throws -> [T] {
        var rows: [T] = []
        try forEachRow(arguments: arguments) { rows.append(try read($0)) }
        return rows
    }
}
