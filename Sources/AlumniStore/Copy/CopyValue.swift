import Foundation

/// One value on its way between the stores, as SQLite keeps it: instants are seconds since 1970,
/// truth values 0 or 1, days and JSON text.
enum CopyValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// What a column holds, by PostgreSQL's type for it: how a value is written into each store and
/// compared between them.
enum ColumnKind: Sendable, Equatable {
    case integer, boolean, real, instant, date, text, json, bytes

    /// The kind of a column of PostgreSQL type `type` (`information_schema.columns.data_type`).
    init(postgresType type: String) throws {
        switch type {
        case "bigint", "integer", "smallint": self = .integer
        case "boolean": self = .boolean
        case "double precision", "real": self = .real
        case "timestamp with time zone": self = .instant
        case "date": self = .date
        case "text", "character varying": self = .text
        case "jsonb", "json": self = .json
        case "bytea": self = .bytes
        default: throw CopyError("a column of type \(type) cannot be copied")
        }
    }
}

/// A copy that cannot go ahead, or went wrong; says why.
public struct CopyError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension CopyValue {
    /// An instant's microseconds since 1970, as PostgreSQL keeps it: the precision both stores agree on.
    var microseconds: Int64? {
        switch self {
        case .integer(let seconds): seconds * 1_000_000
        case .real(let seconds): Int64((seconds * 1_000_000).rounded())
        case .null, .text, .bytes: nil
        }
    }

    /// The value written the same way whichever store it came from, for the checksum.
    func canonical(as kind: ColumnKind) -> [UInt8] {
        switch (kind, self) {
        case (_, .null): return [0]
        case (.instant, _): return Array("t\(microseconds ?? 0)".utf8)
        case (.integer, .real(let number)), (.boolean, .real(let number)): return Array("i\(Int64(number))".utf8)
        case (.integer, .integer(let number)), (.boolean, .integer(let number)): return Array("i\(number)".utf8)
        case (.real, .integer(let number)): return Array("r\(Double(number))".utf8)
        case (.real, .real(let number)): return Array("r\(number)".utf8)
        case (.json, .text(let text)): return Array("j".utf8) + Self.canonicalJSON(text)
        case (_, .text(let text)): return Array("s\(text)".utf8)
        case (_, .bytes(let bytes)): return [1] + bytes
        case (_, .integer(let number)): return Array("s\(number)".utf8)
        case (_, .real(let number)): return Array("s\(number)".utf8)
        }
    }

    /// JSON with its keys sorted and its spacing removed: PostgreSQL's `jsonb` keeps neither as given.
    private static func canonicalJSON(_ text: String) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed),
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return Array(text.utf8) }
        return Array(data)
    }
}
