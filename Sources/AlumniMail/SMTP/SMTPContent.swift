import Foundation
import NIOCore

/// A message as it travels after DATA: CRLF line ends, every line that starts with a dot
/// given a second one (RFC 5321 §4.5.2), and the closing `.` line.
struct SMTPContent: Sendable {
    let bytes: ByteBuffer
    /// The message's own size, for SIZE=.
    let size: Int
    /// Whether any byte is outside 7-bit ASCII (BODY=8BITMIME where offered).
    let eightBit: Bool

    init(_ mime: Data) {
        var buffer = ByteBufferAllocator().buffer(capacity: mime.count + mime.count / 64 + 8)
        var eightBit = false
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in mime {
            if atLineStart, byte == UInt8(ascii: ".") { buffer.writeInteger(UInt8(ascii: ".")) }
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { buffer.writeInteger(UInt8(ascii: "\r")) }
            buffer.writeInteger(byte)
            if byte >= 0x80 { eightBit = true }
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { buffer.writeStaticString("\r\n") }
        buffer.writeStaticString(".\r\n")
        self.bytes = buffer
        self.size = mime.count
        self.eightBit = eightBit
    }
}
