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
    /// Where texts are copied for SQLite to read in place, and how much of it is used.
    private var arena: UnsafeMutableRawBufferPointer?
    private var used = 0

    init(_ handle: OpaquePointer, arena: BindingArena? = nil) {
        self.handle = handle
        self.arena = arena?.bytes
    }

    mutating func add(_ text: String?) {
        count += 1
        guard var text else {
            sqlite3_bind_null(handle, count)
            return
        }
        text.withUTF8 { bytes in
            guard let arena, used + bytes.count <= arena.count, let source = bytes.baseAddress else {
                _ = sqlite3_bind_text(handle, count, bytes.baseAddress, Int32(bytes.count), Self.transient)
                return
            }
            let copy = arena.baseAddress! + used
            copy.copyMemory(from: source, byteCount: bytes.count)
            used += bytes.count
            // SQLITE_STATIC: the arena outlives the step, so SQLite reads it without a copy of its own.
            _ = sqlite3_bind_text(handle, count, copy.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
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

/// A buffer that texts bound to a statement are copied into for the length of one step, so
/// SQLite need not allocate a copy of each (with `SQLITE_TRANSIENT` every bound text was a
/// `malloc` and a `free`, a sixth of a large import's writing). Texts that do not fit are
/// bound as usual. One statement at a time uses it.
final class BindingArena {
    fileprivate let bytes: UnsafeMutableRawBufferPointer

    init(bytes count: Int) {
        bytes = .allocate(byteCount: count, alignment: 1)
    }

    deinit { bytes.deallocate() }
}

extension Statement {
    /// Runs this statement once with the values `bind` adds, in parameter order, their texts
    /// copied into `arena` if one is given. Errors are GRDB's `DatabaseError`, with SQLite's
    /// extended result code.
    func execute(textsIn arena: BindingArena? = nil, binding bind: (inout DirectBindings) -> Void) throws {
        let handle = rebound(textsIn: arena, bind)
        defer {
            sqlite3_reset(handle)
            // Nothing keeps pointing into the arena once the step is over.
            if arena != nil { sqlite3_clear_bindings(handle) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw stepFailure(code) }
    }

    /// Resets this statement and binds the values `bind` adds, in parameter order.
    func rebound(textsIn arena: BindingArena? = nil, _ bind: (inout DirectBindings) -> Void) -> OpaquePointer {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var bindings = DirectBindings(handle, arena: arena)
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
