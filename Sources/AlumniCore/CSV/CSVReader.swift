import Foundation

/// An incremental RFC 4180 parser: feed it bytes in chunks of any size, get whole records.
///
/// Handles quoted fields with commas, doubled quotes and line breaks, CRLF or LF line ends,
/// and a UTF-8 byte order mark at the start. Memory is bounded by the longest record, so a
/// file of any size streams through it.
public struct CSVReader: Sendable {
    /// A parsed record with the physical line it started on (1-based), for error messages.
    public struct Record: Equatable, Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// The input is not well-formed CSV.
    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var atStart = true
    private var bomBytesSeen = 0
    private var pendingCR = false

    public init() {}

    /// Parses `chunk`, calling `emit` for every record completed by it.
    public mutating func feed(_ chunk: some ContiguousBytes, emit: (Record) throws -> Void) throws {
        try chunk.withUnsafeBytes { buffer in try feed(buffer, emit: emit) }
    }

    private mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (Record) throws -> Void) throws {
        for byte in bytes {
            if atStart {
                if bomBytesSeen < 3, byte == [0xEF, 0xBB, 0xBF][bomBytesSeen] {
                    bomBytesSeen += 1
                    continue
                }
                guard bomBytesSeen == 0 || bomBytesSeen == 3 else {
                    throw SyntaxError(line: 1, reason: "the file starts with an incomplete byte order mark")
                }
                atStart = false
            }
            try consume(byte, emit: emit)
        }
    }

    /// Ends the input, emitting a last record that had no line break after it.
    public mutating func finish(emit: (Record) throws -> Void) throws {
        switch state {
        case .quoted:
            throw SyntaxError(line: recordLine, reason: "a quoted field is not closed before the end of the file")
        case .fieldStart where fields.isEmpty:
            return
        default:
            endField()
            try endRecord(emit: emit)
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8, emit: (Record) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        if pendingCR {
            pendingCR = false
            if byte == lf { return }
        }
        switch state {
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == lf { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == quote {
                field.append(quote)
                state = .quoted
            } else if byte == comma {
                endField()
            } else if byte == lf || byte == cr {
                try endLine(byte, emit: emit)
            } else {
                throw SyntaxError(line: line, reason: "unexpected character after a closing quote")
            }
        case .fieldStart, .unquoted:
            if byte == comma {
                endField()
            } else if byte == lf || byte == cr {
                try endLine(byte, emit: emit)
            } else if byte == quote {
                guard state == .fieldStart else {
                    throw SyntaxError(line: line, reason: "a quote inside an unquoted field (quote the whole field)")
                }
                state = .quoted
            } else {
                field.append(byte)
                state = .unquoted
            }
        }
    }

    private mutating func endLine(_ byte: UInt8, emit: (Record) throws -> Void) throws {
        pendingCR = byte == UInt8(ascii: "\r")
        if state == .fieldStart && fields.isEmpty {
            // A blank line: skipped, it carries no record.
            line += 1
            recordLine = line
            return
        }
        endField()
        try endRecord(emit: emit)
        line += 1
        recordLine = line
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(emit: (Record) throws -> Void) throws {
        let record = Record(line: recordLine, fields: fields)
        fields.removeAll(keepingCapacity: true)
        try emit(record)
    }
}
