/// What a server offers in its EHLO reply (RFC 5321 §4.1.1.1): a keyword and parameters a line.
struct SMTPExtensions: Sendable, Equatable {
    private var keywords: [String: [String]] = [:]

    /// No extensions: a server that only knows HELO.
    init() {}

    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first?.uppercased() else { continue }
            keywords[keyword] = Array(words.dropFirst())
        }
    }

    var pipelining: Bool { keywords["PIPELINING"] != nil }
    var startTLS: Bool { keywords["STARTTLS"] != nil }
    var eightBitMIME: Bool { keywords["8BITMIME"] != nil }
    var smtpUTF8: Bool { keywords["SMTPUTF8"] != nil }
    /// Whether MAIL takes SIZE=, and the largest message the server takes (nil: no stated limit).
    var sizeDeclared: Bool { keywords["SIZE"] != nil }
    var sizeLimit: Int? { keywords["SIZE"]?.first.flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } }
    /// SASL mechanisms offered, upper case.
    var authMechanisms: Set<String> { Set((keywords["AUTH"] ?? []).map { $0.uppercased() }) }
}
