import Foundation

/// One part of a MIME message (or the whole message): its header fields, its body bytes as
/// they came, and its subparts when it is a multipart.
struct MIMEPart {
    var headers: MIMEHeaders
    /// The body before any transfer decoding.
    var body: ArraySlice<UInt8>
    var contentType: MIMEContentType
    var parts: [MIMEPart]

    /// Parses `bytes` (CRLF or LF line ends); multiparts are parsed down to their leaves, at
    /// most `depth` levels deep.
    init(_ bytes: ArraySlice<UInt8>, depth: Int = 8) {
        let split = Self.headerEnd(bytes)
        headers = MIMEHeaders(bytes[bytes.startIndex..<split.headers])
        body = bytes[split.body...]
        contentType = MIMEContentType(headers["content-type"] ?? "text/plain")
        parts = []
        if contentType.type == "multipart", depth > 0, let boundary = contentType.parameters["boundary"] {
            parts = Self.split(body, boundary: boundary).map { MIMEPart($0, depth: depth - 1) }
        }
    }

    /// The body with its transfer encoding (base64, quoted-printable) undone.
    var decodedBody: Data {
        switch headers["content-transfer-encoding"]?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64": TransferDecoding.base64(body)
        case "quoted-printable": TransferDecoding.quotedPrintable(body)
        default: Data(body)
        }
    }

    /// The body as text in its declared character set, with `\n` line ends.
    var text: String {
        MailCharsets.decode(decodedBody, charset: contentType.parameters["charset"])
            .replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// A file name from `Content-Disposition` or the older `name` parameter.
    var filename: String? {
        let disposition = headers["content-disposition"].map(MIMEContentType.init)
        let name = disposition?.parameters["filename"] ?? contentType.parameters["name"]
        return name.map(EncodedWords.decode)
    }

    /// Sent as a file rather than as the message's text (a forwarded e-mail counts as one; the
    /// machine-readable parts of a report do not).
    var isAttachment: Bool {
        if headers["content-disposition"]?.lowercased().hasPrefix("attachment") == true { return true }
        if filename != nil || contentType.essence == "message/rfc822" { return true }
        return contentType.type != "text" && contentType.type != "multipart" && contentType.type != "message"
    }

    /// Every part below this one, depth first, this one included.
    var leaves: [MIMEPart] {
        parts.isEmpty ? [self] : parts.flatMap(\.leaves)
    }

    /// Where the header block ends and the body begins: at the first empty line.
    private static func headerEnd(_ bytes: ArraySlice<UInt8>) -> (headers: Int, body: Int) {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        if bytes.first == lf { return (bytes.startIndex, bytes.startIndex + 1) }
        if bytes.first == cr, bytes.dropFirst().first == lf { return (bytes.startIndex, bytes.startIndex + 2) }
        var index = bytes.startIndex
        while let newline = bytes[index...].firstIndex(of: lf) {
            let next = newline + 1
            if next < bytes.endIndex, bytes[next] == lf { return (newline, next + 1) }
            if next + 1 < bytes.endIndex, bytes[next] == cr, bytes[next + 1] == lf { return (newline, next + 2) }
            index = next
        }
        return (bytes.endIndex, bytes.endIndex)
    }

    /// The bodies between `--boundary` lines, up to the closing `--boundary--`.
    private static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                if let begun = start {
                    // The line break before a delimiter belongs to the delimiter.
                    var end = lineStart
                    if end > begun, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                    if end > begun, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    parts.append(body[begun..<end])
                }
                if rest.starts(with: Array("--".utf8)) { return parts }
                start = min(lineEnd + 1, body.endIndex)
            }
            lineStart = lineEnd + 1
        }
        if let begun = start, begun < body.endIndex { parts.append(body[begun...]) }
        return parts
    }
}

/// A part's header fields, unfolded, in order; looked up by lower-case name.
struct MIMEHeaders {
    private(set) var fields: [(name: String, value: String)] = []

    init(_ bytes: ArraySlice<UInt8>) {
        let text = MailCharsets.decodeHeaderBytes(bytes)
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                fields.append((name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
    }

    /// The first field called `name` (lower case).
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}

/// A `Content-Type` (or `Content-Disposition`) value: its type and its parameters.
struct MIMEContentType {
    var type: String
    var subtype: String
    var parameters: [String: String]

    init(_ value: String) {
        var pieces = Self.splitParameters(value)
        let essence = pieces.removeFirst().lowercased()
        let slash = essence.firstIndex(of: "/")
        type = slash.map { String(essence[..<$0]) } ?? essence
        subtype = slash.map { String(essence[essence.index(after: $0)...]) } ?? ""
        parameters = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var parameter = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameter.hasPrefix("\""), parameter.hasSuffix("\""), parameter.count >= 2 {
                parameter = String(parameter.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            // RFC 2231: `filename*=UTF-8''na%C3%AFve.pdf`.
            if name.hasSuffix("*") {
                name.removeLast()
                let encoded = parameter.components(separatedBy: "'")
                if encoded.count == 3 {
                    parameter = MailCharsets.decode(
                        TransferDecoding.percent(encoded[2]), charset: encoded[0].isEmpty ? nil : encoded[0])
                }
            }
            parameters[name] = parameter
        }
    }

    /// `type/subtype`.
    var essence: String { subtype.isEmpty ? type : "\(type)/\(subtype)" }

    /// Splits at semicolons outside quotes.
    private static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = [""]
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append("")
            } else {
                pieces[pieces.count - 1].append(character)
            }
        }
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
