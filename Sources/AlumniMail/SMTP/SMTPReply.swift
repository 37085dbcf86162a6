import NIOCore

/// One reply of an SMTP server: a three-digit code and its text lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var isTransientFailure: Bool { (400..<500).contains(code) }
    var isPermanentFailure: Bool { code >= 500 }

    /// `550 5.1.1 no such user`, the lines of a multi-line reply joined by spaces.
    var description: String {
        let text = lines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? String(code) : "\(code) \(text.prefix(300))"
    }
}

/// Turns the server's bytes into replies: `250-…` lines continue a reply, `250 …` ends it.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// A line longer than this is not an SMTP reply (RFC 5321 allows 512 bytes).
    static let maximumLineLength = 4096
    private var pending: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPError.malformedReply("a line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), code >= 200,
            code < 600, bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else { throw SMTPError.malformedReply(String(line.prefix(80))) }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") { return .continue }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }
}
