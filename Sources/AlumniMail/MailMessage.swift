import AlumniCore
import Foundation

/// A mailbox: an address with an optional display name in any script.
public struct Mailbox: Equatable, Sendable, Codable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// `"Name" <address>`, the name RFC 2047-encoded when it is not plain ASCII.
    var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        return "\(MailEncoding.phrase(name)) <\(address)>"
    }
}

/// An email as the system sends it: rendered to RFC 5322 / MIME by ``render()``.
public struct MailMessage: Equatable, Sendable {
    public var from: Mailbox
    public var to: [Mailbox]
    public var subject: String
    public var text: String
    /// When set, the message is multipart/alternative with both parts.
    public var html: String?
    /// Unique, in angle brackets: `<...@host>`.
    public var messageID: String
    public var date: Date
    /// The message this one answers, for threading.
    public var inReplyTo: String?
    public var references: [String]
    /// Further headers (List-Unsubscribe, …), in order.
    public var extraHeaders: [(String, String)]

    public init(
        from: Mailbox, to: [Mailbox], subject: String, text: String, html: String? = nil, messageID: String, date: Date,
        inReplyTo: String? = nil, references: [String] = [], extraHeaders: [(String, String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.render() == rhs.render()
    }

    /// The message as RFC 5322 bytes with CRLF line ends: UTF-8 bodies in quoted-printable,
    /// non-ASCII header text as RFC 2047 encoded words.
    public func render() -> Data {
        var lines = [
            "Date: \(MailEncoding.date(date))",
            "From: \(from.header)",
            "To: \(to.map(\.header).joined(separator: ", "))",
            "Subject: \(MailEncoding.unstructured(subject))",
            "Message-ID: \(messageID)",
        ]
        if let inReplyTo { lines.append("In-Reply-To: \(inReplyTo)") }
        if !references.isEmpty { lines.append("References: \(references.joined(separator: " "))") }
        for (name, value) in extraHeaders { lines.append("\(name): \(value)") }
        lines.append("MIME-Version: 1.0")
        if let html {
            let boundary = "=_alumni_\(MailEncoding.stableHash(messageID))"
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += MailEncoding.part(text, type: "text/plain")
            lines.append("--\(boundary)")
            lines += MailEncoding.part(html, type: "text/html")
            lines.append("--\(boundary)--")
        } else {
            lines += MailEncoding.part(text, type: "text/plain")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}

/// The encodings mail needs: RFC 2047 words, quoted-printable, RFC 5322 dates.
enum MailEncoding {
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Header text (a subject): as is when plain ASCII, else UTF-8 base64 encoded words of at
    /// most 75 characters, folded.
    static func unstructured(_ text: String) -> String {
        isPlain(text) ? text : encodedWords(text)
    }

    /// A display name: quoted when plain, encoded words otherwise.
    static func phrase(_ text: String) -> String {
        guard isPlain(text) else { return encodedWords(text) }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    private static func encodedWords(_ text: String) -> String {
        // 45 bytes of UTF-8 become 60 base64 characters, within the 75-character limit; split
        // between characters so no word ends inside one.
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// A body part's headers and its quoted-printable content.
    static func part(_ content: String, type: String) -> [String] {
        [
            "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            quotedPrintable(content),
        ]
    }

    /// RFC 2045 quoted-printable, lines at most 76 characters, CRLF line ends. Works on the
    /// UTF-8 bytes directly: campaigns encode every message's text and HTML.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), equals = UInt8(ascii: "=")
        let bytes = Array(text.utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count + bytes.count / 8 + 16)
        var width = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == lf || (byte == cr && next == lf) {
                encoded += [cr, lf]
                width = 0
                index += byte == cr ? 2 : 1
                continue
            }
            // Trailing white space would be stripped in transit, so it is encoded.
            let endsLine =
                next == nil || next == lf || (next == cr && index + 2 < bytes.count && bytes[index + 2] == lf)
            let plain = (byte >= 33 && byte <= 126 && byte != equals) || ((byte == 32 || byte == 9) && !endsLine)
            let length = plain ? 1 : 3
            if width + length > 75 {
                encoded += [equals, cr, lf]
                width = 0
            }
            if plain {
                encoded.append(byte)
            } else {
                encoded += [equals, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            width += length
            index += 1
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// FNV-1a of the text in hex: the same on every run, unlike `hashValue`.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func date(_ date: Date) -> String { UTCTimestamp.rfc5322(date) }
}
