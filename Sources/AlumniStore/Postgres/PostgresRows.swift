import AlumniCore
import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// SQLite's SQL run on PostgreSQL where the dialects agree, and PostgreSQL's rows read as
/// SQLite's: the bridge that lets a feature share its SQL text and its row decoders
/// (`FetchableRecord`, `Row` subscripts) between the stores.
extension PostgresStore {
    /// The rows `sql` (SQLite's text, `?` placeholders) gives with `arguments`, as GRDB rows
    /// holding what SQLite would hold: instants as seconds since 1970, days as ISO text, truth
    /// values as 0 or 1, JSON as text.
    func rows(
        _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = [], on connection: PostgresConnection? = nil
    ) async throws -> [Row] {
        let query = try Self.query(sql, arguments)
        let sequence =
            if let connection {
                try await connection.query(query, logger: logger)
            } else {
                try await client.query(query, logger: logger)
            }
        var rows: [Row] = []
        for try await row in sequence { rows.append(try Self.row(row)) }
        return rows
    }

    /// A row as SQLite would hold it, as a GRDB row.
    static func row(_ row: PostgresRow) throws -> Row {
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row { values[cell.columnName] = try sqliteValue(cell) }
        return Row(values)
    }

    /// The instants `timestamptz` holds, in seconds since 1970, near enough: one far outside
    /// (a window of a billion days asked for) compares as the nearest end instead of failing.
    static let instantRange = -200_000_000_000.0...9_000_000_000_000.0

    /// SQLite's SQL with its `?` placeholders numbered (`$1`, `$2` …) and its arguments bound for
    /// PostgreSQL: integers and text as untyped text, whose type PostgreSQL takes from where the
    /// placeholder stands (a `date` column compared with `'2020-01-01'` reads it as a date); a
    /// REAL as the instant it is in this schema (`timestamptz`: PostgreSQL's has no other
    /// floating-point column).
    static func query(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> PostgresQuery {
        let (numbered, placeholders) = numberedPlaceholders(sql)
        var binds = PostgresBindings()
        for value in arguments.map({ $0?.databaseValue ?? .null }) {
            switch value.storage {
            case .null: binds.appendNull()
            case .int64(let number): binds.append(InferredText(String(number)))
            case .double(let seconds): binds.append(Date(timeIntervalSince1970: instantRange.clamped(seconds)))
            case .string(let text): binds.append(InferredText(text))
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        guard binds.count == placeholders else {
            throw StoreError.databaseLocation("a query has \(placeholders) placeholders and \(binds.count) values")
        }
        return PostgresQuery(unsafeSQL: numbered, binds: binds)
    }

    /// `sql` with SQLite's placeholders as PostgreSQL's: `?` numbered in order, `?3` as `$3`
    /// (outside quoted text); and how many values it takes.
    static func numberedPlaceholders(_ sql: String) -> (String, Int) {
        // Over the bytes, not the characters: every statement passes through here, and walking
        // grapheme clusters cost a tenth of the API's person read under load.
        let bytes = Array(sql.utf8)
        var numbered: [UInt8] = []
        numbered.reserveCapacity(bytes.count + 16)
        var next = 0
        var highest = 0
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "'") { quoted.toggle() }
            guard byte == UInt8(ascii: "?"), !quoted else {
                numbered.append(byte)
                continue
            }
            var number = 0
            let digitsStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            if index > digitsStart {
                highest = max(highest, number)
            } else {
                next += 1
                number = next
            }
            numbered.append(UInt8(ascii: "$"))
            numbered.append(contentsOf: String(number).utf8)
        }
        return (String(decoding: numbered, as: UTF8.self), max(next, highest))
    }

    /// A cell as SQLite would hold it.
    static func sqliteValue(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return try cell.decode(Int64.self).databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .float4, .float8: return try cell.decode(Double.self).databaseValue
        case .numeric: return Double(try cell.decode(String.self))?.databaseValue ?? .null
        case .timestamptz, .timestamp: return try instant(cell).databaseValue
        case .date: return CalendarDate(utc: try cell.decode(Date.self)).description.databaseValue
        case .bytea: return Data(try cell.decode(ByteBuffer.self).readableBytesView).databaseValue
        case .jsonb:
            // jsonb's binary form is a version byte, then the text.
            var buffer = try cell.decode(ByteBuffer.self)
            buffer.moveReaderIndex(forwardBy: 1)
            return String(buffer: buffer).databaseValue
        default: return try cell.decode(String.self).databaseValue
        }
    }
}

extension PostgresStore {
    /// Seconds since 1970 of a `timestamptz`, rounded once from PostgreSQL's exact microseconds
    /// (through `Date` it would be rounded twice, and a copy would not come back bit for bit).
    fileprivate static func instant(_ cell: PostgresCell) throws -> Double {
        guard cell.format == .binary, var bytes = cell.bytes, let since2000 = bytes.readInteger(as: Int64.self) else {
            return try cell.decode(Date.self).timeIntervalSince1970
        }
        return Double(since2000 + 946_684_800_000_000) / 1_000_000
    }
}

/// A bound value whose type PostgreSQL infers from the query, sent as text.
private struct InferredText: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { PostgresDataType(0) }
    static var psqlFormat: PostgresFormat { .text }
    let text: String

    init(_ text: String) { self.text = text }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeString(text)
    }
}

extension CalendarDate {
    /// The day `instant` falls on in UTC (PostgreSQL hands a `date` over as its midnight in UTC).
    init(utc instant: Date) {
        self.init(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

extension PostgresStore {
    /// One page of `table`'s rows matching `condition` in `order`, with the count of all matches
    /// (with `countLimit`, up to one past it, or past the page when that lies further on):
    /// `Page.fetch`'s SQL and decoders, on PostgreSQL, the count and the page in one snapshot.
    func page<Item: FetchableRecord & Sendable>(
        from table: String, where condition: String, arguments: [(any DatabaseValueConvertible)?],
        orderBy order: String, limit: Int, offset: Int, countLimit: Int? = nil
    ) async throws -> Page<Item> {
        let arguments = arguments.map { $0?.databaseValue ?? .null }
        let reach = countLimit.map { max($0, offset + limit) }
        return try await snapshot { connection in
            let total =
                try await rows(
                    Page<Item>.countSQL("SELECT 1 FROM \(table) WHERE \(condition)", limited: reach != nil),
                    arguments + (reach.map { [($0 + 1).databaseValue] } ?? []), on: connection
                ).first.map { $0[0] as Int } ?? 0
            let items = try await rows(
                Page<Item>.itemsSQL(table, condition, order), arguments + [limit.databaseValue, offset.databaseValue],
                on: connection
            ).map(Item.init(row:))
            return Page(items: items, total: total, limit: limit, offset: offset, countLimit: reach)
        }
    }
}

extension ClosedRange where Bound == Double {
    /// `value`, or the nearest end when it lies outside.
    func clamped(_ value: Double) -> Double { Swift.min(Swift.max(value, lowerBound), upperBound) }
}
