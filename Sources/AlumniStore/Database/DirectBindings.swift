import Foundation
import GRDB
import GRDBSQLite

/// Values bound in order straight to a prepared statement, for the import's hot inserts:
/// building `StatementArguments` (a boxed value per column) and binding them through GRDB cost
/// more than SQLite's own work for a row.
struct DirectBindings {
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    fileprivate let handle: OpaquePointer
    fileprivate var count: Int32 = 0

    mutating func add(_ text: String?) {
        count += 1
        guard var text else {
            sqlite3_bind_null(handle, count)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, count, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    mutating func add(_ number: Int64?) {
        count += 1
        if let number { sqlite3_bind_int64(handle, count, number) } else { sqlite3_bind_null(handle, count) }
    }

    mutating func add(_ number: Double) {
        count += 1
        sqlite3_bind_double(handle, count, number)
    }

    mutating func add(_ value: (some RawRepresentable<String>)?) { add(value?.rawValue) }
}

extension Statement {
    /// Runs this statement once with the values `bind` adds, in parameter order. Errors are
    /// GRDB's `DatabaseError`, with SQLite's extended result code.
    func execute(binding bind: (inout DirectBindings) -> Void) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var bindings = DirectBindings(handle: handle)
        bind(&bindings)
        precondition(bindings.count == sqlite3_bind_parameter_count(handle), "\(sql): wrong number of values")
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(handle)
    }
}
