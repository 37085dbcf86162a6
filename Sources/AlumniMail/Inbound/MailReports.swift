import AlumniCore
import Foundation

/// Reads the machine-written messages that come back: delivery status notifications (RFC 3464,
/// as Postfix and Exchange send them, and Exim's plain-text bounce as a fallback) and feedback
/// reports (RFC 5965).
enum MailReports {
    /// The DSN in `message`, or nil when it is not one. A report that every recipient got the
    /// message (`Action: delivered`) is not a bounce either.
    static func deliveryReport(_ message: MIMEPart, sender: String?) -> DeliveryReport? {
        if message.contentType.essence == "multipart/report",
            message.contentType.parameters["report-type"]?.lowercased() == "delivery-status",
            let status = message.leaves.first(where: {
                ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.essence)
            })
        {
            return standardReport(status.text, original: originalMessageID(in: message))
        }
        return plainBounce(message, sender: sender)
    }

    /// The feedback report in `message`, or nil.
    static func feedbackReport(_ message: MIMEPart) -> FeedbackReport? {
        guard message.contentType.essence == "multipart/report",
            message.contentType.parameters["report-type"]?.lowercased() == "feedback-report",
            let report = message.leaves.first(where: { $0.contentType.essence == "message/feedback-report" })
        else { return nil }
        let fields = MIMEHeaders(ArraySlice(Array(report.text.utf8)))
        return FeedbackReport(
            feedbackType: fields["feedback-type"]?.lowercased() ?? "abuse",
            originalRecipient: fields["original-rcpt-to"].map(MailAddresses.address),
            originalMessageID: originalMessageID(in: message))
    }

    /// An RFC 3464 `message/delivery-status` body: per-message fields, then a block per recipient.
    private static func standardReport(_ text: String, original: String?) -> DeliveryReport? {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { MIMEHeaders(ArraySlice(Array($0.utf8))) }
        let recipients = blocks.filter { $0["final-recipient"] != nil || $0["action"] != nil }
        guard
            let failed = recipients.first(where: {
                ["failed", "delayed"].contains($0["action"]?.lowercased() ?? "failed")
            })
        else { return nil }
        let action = failed["action"]?.lowercased() ?? "failed"
        let status =
            failed["status"].flatMap(statusCode) ?? (action == "delayed" ? "4.0.0" : "5.0.0")
        return DeliveryReport(
            recipient: failed["final-recipient"].map(typedAddress) ?? failed["original-recipient"].map(typedAddress),
            status: status, diagnostic: failed["diagnostic-code"].map(typedAddress), originalMessageID: original)
    }

    /// A bounce that is not an RFC 3464 report (Exim's default, old gateways): recognised by
    /// its sender, subject or `X-Failed-Recipients`, its status read from the text.
    private static func plainBounce(_ message: MIMEPart, sender: String?) -> DeliveryReport? {
        let subject = EncodedWords.decode(message.headers["subject"] ?? "").lowercased()
        let fromDaemon = sender.map { $0.isEmpty || $0.hasPrefix("mailer-daemon@") || $0.hasPrefix("postmaster@") }
        let failedRecipients = message.headers["x-failed-recipients"]
        guard
            failedRecipients != nil
                || (fromDaemon == true && bounceSubjects.contains { subject.contains($0) })
        else { return nil }
        let body = message.leaves.filter { $0.contentType.type == "text" }.map(\.text).joined(separator: "\n")
        let lower = body.lowercased()
        let status =
            firstMatch(#"\b[245]\.[0-9]{1,3}\.[0-9]{1,3}\b"#, in: body)
            ?? firstMatch(#"\b[45][0-9][0-9]\b"#, in: body).map { "\($0.prefix(1)).0.0" }
            ?? (lower.contains("temporar") || lower.contains("delayed") ? "4.0.0" : "5.0.0")
        let diagnostic = body.components(separatedBy: "\n")
            .first { $0.range(of: #"^\s*[45][0-9][0-9][ -]"#, options: .regularExpression) != nil }?
            .trimmingCharacters(in: .whitespaces)
        let recipient = failedRecipients?.components(separatedBy: ",").first?.trimmingCharacters(in: .whitespaces)
        return DeliveryReport(
            recipient: recipient.map(MailAddresses.address), status: status, diagnostic: diagnostic,
            originalMessageID: originalMessageID(in: message)
                ?? firstMatch(#"(?im)^message-id:\s*(<[^>]+>)"#, in: body, group: 1))
    }

    private static let bounceSubjects = [
        "undeliver", "undelivered", "delivery failed", "delivery status notification", "returned mail",
        "failure notice", "olevererbar", "kunne ikke leveres", "unzustellbar", "non remis", "ei voitu toimittaa",
    ]

    /// The Message-ID in the report's copy of the original (`message/rfc822` or `text/rfc822-headers`).
    private static func originalMessageID(in message: MIMEPart) -> String? {
        for part in message.parts.dropFirst()
        where ["message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"].contains(
            part.contentType.essence)
        {
            if let id = MIMEPart(ArraySlice(Array(part.decodedBody))).headers["message-id"] {
                return MailAddresses.messageIDs(id).first
            }
        }
        return nil
    }

    /// `rfc822; someone@example.com` → `someone@example.com`; `smtp; 550 …` → `550 …`.
    private static func typedAddress(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        return value[value.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
    }

    private static func statusCode(_ value: String) -> String? {
        firstMatch(#"[245]\.[0-9]{1,3}\.[0-9]{1,3}"#, in: value)
    }

    private static func firstMatch(_ pattern: String, in text: String, group: Int = 0) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: group), in: text)
        else { return nil }
        return String(text[range])
    }
}

/// Addresses and message ids as header fields write them.
enum MailAddresses {
    /// The address in `Name <address>` (or a bare address), lower-cased.
    static func address(_ value: String) -> String {
        let decoded = value.trimmingCharacters(in: .whitespaces)
        if let open = decoded.lastIndex(of: "<"), let close = decoded.lastIndex(of: ">"), open < close {
            return decoded[decoded.index(after: open)..<close].trimmingCharacters(in: .whitespaces).lowercased()
        }
        return decoded.lowercased()
    }

    /// The display name in `Name <address>`, decoded and unquoted.
    static func name(_ value: String) -> String? {
        guard let open = value.lastIndex(of: "<") else { return nil }
        let name = EncodedWords.decode(String(value[..<open])).trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return name.isEmpty ? nil : name
    }

    /// The first address of a list (`To:`).
    static func first(_ value: String) -> String? {
        value.split(separator: ",").first.map { address(String($0)) }
    }

    /// Every `<…>` id in `In-Reply-To` or `References`, in order.
    static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            ids.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }
}
