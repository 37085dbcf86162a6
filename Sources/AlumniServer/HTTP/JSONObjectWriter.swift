import AlumniCore
import Foundation

/// Writes one JSON object straight into bytes, for the hottest responses: Foundation's
/// `JSONEncoder` builds a tree of boxed values first and was a quarter of a single-person read.
///
/// Keys are written as given; absent values are left out, as `encodeIfPresent` leaves them out.
/// Timestamps are ISO 8601 in UTC, as ``APIResponse/encoder`` writes them.
public struct JSONObjectWriter {
    private var bytes: [UInt8] = []

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func add(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        addKey(key)
        addString(value)
    }

    public mutating func add(_ key: StaticString, _ value: Int64) {
        addKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ key: StaticString, _ value: Bool) {
        addKey(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func add(_ key: StaticString, _ value: Date?) { add(key, value.map(UTCTimestamp.iso8601)) }

    public mutating func add(_ key: StaticString, _ value: CalendarDate?) { add(key, value?.description) }

    public mutating func add(_ key: StaticString, _ value: (some RawRepresentable<String>)?) {
        add(key, value?.rawValue)
    }

    public mutating func add(_ key: StaticString, _ values: [String]?) {
        guard let values else { return }
        addKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            addString(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The object, closed.
    public consuming func finished() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func addKey(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    /// A string in quotes, escaped as RFC 8259 requires: quote, backslash and control characters.
    private mutating func addString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// A value the API writes with ``JSONObjectWriter`` instead of `JSONEncoder`. Its JSON must
/// say what its `Encodable` form says; the tests hold each one to that.
public protocol JSONObjectWritable: Encodable {
    func write(to object: inout JSONObjectWriter)
}
