import Foundation
import GRDB
import GRDBSQLite

/// Values bound in order straight to a prepared statement, for the import's hot inserts and the
/// API's hottest reads: building `StatementArguments` (a boxed value per column) and binding them
/// through GRDB cost more than SQLite's own work for a row.
struct DirectBindings {
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    private let handle: OpaquePointer
    private(set) var count: Int32 = 0

    init(_ handle: OpaquePointer) { self.handle = handle }

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
        let handle = rebound(bind)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw stepFailure(code) }
    }

    /// Resets this statement and binds the values `bind` adds, in parameter order.
    func rebound(_ bind: (inout DirectBindings) -> Void) -> OpaquePointer {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var bindings = DirectBindings(handle)
        bind(&bindings)
        precondition(bindings.count == sqlite3_bind_parameter_count(handle), "\(sql): wrong number of values")
        return handle
    }

    /// The error of a step that returned `code`, as GRDB reports it (call before resetting).
    func stepFailure(_ code: Int32) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
