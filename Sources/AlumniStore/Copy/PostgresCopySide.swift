import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// A PostgreSQL database as one side of a copy: read a batch at a time in key order (text keys
/// in byte order, as SQLite sorts them), or written with `COPY … FROM STDIN` on the connection
/// of the copy's one transaction.
struct PostgresCopySide: Sendable {
    let store: PostgresStore

    func count(_ table: CopyTable) async throws -> Int {
        Int(try await store.integer(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \"\(table.name)\"")) ?? 0)
    }

    /// Up to `limit` rows after the key `after` (from the start when nil), in key order, each
    /// value as SQLite keeps it (through the row bridge, `PostgresStore.rows`).
    func rows(_ table: CopyTable, after: [CopyValue]?, limit: Int) async throws -> [[CopyValue]] {
        let key = table.key.map { $0.kind == .text ? "\"\($0.name)\" COLLATE \"C\"" : "\"\($0.name)\"" }
        var sql = "SELECT \(table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")) FROM \"\(table.name)\""
        if after != nil {
            sql += " WHERE (\(key.joined(separator: ", "))) > (\(key.map { _ in "?" }.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(key.joined(separator: ", ")) LIMIT \(limit)"
        return try await store.rows(sql, (after ?? []).map(\.databaseValue)).map { row in
            table.columns.map { CopyValue(row[$0.name] as DatabaseValue) }
        }
    }

    /// The last id each table's identity handed out.
    func sequences(_ schema: CopySchema) async throws -> [String: Int64] {
        var sequences: [String: Int64] = [:]
        for table in schema.tables where table.hasIdentity {
            let last = try await store.integer(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(\(table.name), 'id')::regclass)")
            if let last { sequences[table.name] = last }
        }
        return sequences
    }
}

/// Writes a copy into PostgreSQL, on the connection of the copy's transaction.
struct PostgresCopyWriter {
    let connection: PostgresConnection
    let store: PostgresStore

    /// The rows the migrations seeded go (the source's replace them); the user triggers of every
    /// table are off until ``finish(_:sequences:)``: the source's rows already hold what they would write.
    func prepare(_ schema: CopySchema) async throws {
        for table in CopySchema.seededTables.sorted() {
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \"\(table)\""), logger: store.logger)
        }
        for table in schema.tables {
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER TABLE \"\(table.name)\" DISABLE TRIGGER USER"), logger: store.logger)
        }
    }

    func insert(_ rows: [[CopyValue]], into table: CopyTable) async throws {
        var buffer = ByteBuffer()
        for row in rows {
            for (index, (value, column)) in zip(row, table.columns).enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                try Self.write(value, as: column, into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        try await copy(buffer, into: table.name, columns: table.columns.map(\.name))
    }

    /// Sends `buffer`, rows in `COPY`'s text format, into `columns` of `table`.
    func copy(_ buffer: ByteBuffer, into table: String, columns: [String]) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: store.logger) { writer in
            try await writer.write(buffer)
        }
    }

    /// Turns the triggers back on and moves each identity past the ids the source handed out.
    func finish(_ schema: CopySchema, sequences: [String: Int64]) async throws {
        for table in schema.tables {
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER TABLE \"\(table.name)\" ENABLE TRIGGER USER"), logger: store.logger)
        }
        for (table, last) in sequences.sorted(by: { $0.key < $1.key }) where last > 0 {
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence(\(table), 'id'), \(last))", logger: store.logger)
        }
    }

    /// `value` in `COPY`'s text format: `\N` for NULL, backslash escapes, `\\x…` for bytes.
    private static func write(_ value: CopyValue, as column: CopyColumn, into buffer: inout ByteBuffer) throws {
        switch (column.kind, value) {
        case (_, .null):
            buffer.writeString("\\N")
        case (.boolean, .integer(let number)):
            buffer.writeString(number == 0 ? "f" : "t")
        case (.instant, _):
            guard let microseconds = value.microseconds else {
                throw CopyError("\(column.name): \(value) is not an instant")
            }
            buffer.writeString(Self.timestamp(microseconds))
        case (.bytes, .bytes(let bytes)):
            writeHex(bytes, into: &buffer)
        case (.bytes, .text(let text)):
            writeHex(Array(text.utf8), into: &buffer)
        case (_, .integer(let number)):
            buffer.writeString(String(number))
        case (_, .real(let number)):
            buffer.writeString(column.kind == .integer ? String(Int64(number)) : String(number))
        case (_, .text(let text)):
            writeEscaped(text, into: &buffer)
        case (_, .bytes(let bytes)):
            buffer.writeString(escaped(String(decoding: bytes, as: UTF8.self)))
        }
    }

    /// Bytes as `bytea`'s hex form, its backslash escaped for `COPY`: `\\x0a1b…`.
    private static func writeHex(_ bytes: [UInt8], into buffer: inout ByteBuffer) {
        let digits = Array("0123456789abcdef".utf8)
        buffer.writeString("\\\\x")
        buffer.reserveCapacity(minimumWritableBytes: bytes.count * 2)
        for byte in bytes {
            buffer.writeInteger(digits[Int(byte >> 4)])
            buffer.writeInteger(digits[Int(byte & 0x0F)])
        }
    }

    /// `text` in `COPY`'s text format.
    static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
        // Backslash, tab, newline, carriage return: checked on the bytes, as most text has none.
        guard text.utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else {
            buffer.writeString(text)
            return
        }
        buffer.writeString(escaped(text))
    }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `2026-11-18 09:00:00.123456+00`.
    static func timestamp(_ microseconds: Int64) -> String {
        let (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        var whole = time_t(fraction < 0 ? seconds - 1 : seconds)
        let micros = fraction < 0 ? fraction + 1_000_000 : fraction
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(micros))
    }
}
