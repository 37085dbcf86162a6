import Foundation

/// Takes the quoted history off a reply, so the thread shows what the person wrote now: an
/// `On … wrote:` line and everything after it, `>` lines, and the header block Outlook puts
/// above the message it answers. The original message is kept elsewhere.
enum QuotedHistory {
    static func strip(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var kept: [String] = []
        for (index, line) in lines.enumerated() {
            if startsHistory(line, at: index, in: lines) {
                // "On Mon, 30 Nov 2026 at 10:00, Alumni Desk <…>" may break before "wrote:".
                if isAttributionEnd(line), !isAttributionStart(line), let last = kept.last, isAttributionStart(last) {
                    kept.removeLast()
                }
                break
            }
            if line.hasPrefix(">") { continue }
            kept.append(line)
        }
        let text = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text
    }

    private static let attributionEnds = [
        "wrote:", "skrev:", "schrieb:", "kirjoitti:", "écrit :", "écrit:", "escribió:",
    ]
    private static let attributionStarts = ["On ", "Den ", "Am ", "Le ", "El ", "Op ", "Dne "]
    private static let separators = [
        "-----Original Message-----", "-----Ursprungligt meddelande-----", "-----Oprindelig meddelelse-----",
        "-----Opprinnelig melding-----", "-----Ursprüngliche Nachricht-----", "-----Alkuperäinen viesti-----",
    ]
    private static let fromLabels = ["From:", "Från:", "Fra:", "Von:", "Lähettäjä:", "De :", "De:"]
    private static let sentLabels = [
        "Sent:", "Date:", "Skickat:", "Sendt:", "Gesendet:", "Datum:", "Lähetetty:", "Envoyé :", "Dato:",
    ]

    private static func isAttributionEnd(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return attributionEnds.contains { trimmed.hasSuffix($0) }
    }

    private static func isAttributionStart(_ line: String) -> Bool {
        attributionStarts.contains { line.hasPrefix($0) }
    }

    private static func startsHistory(_ line: String, at index: Int, in lines: [String]) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if isAttributionEnd(trimmed) { return true }
        if separators.contains(where: { trimmed.hasPrefix($0) }) { return true }
        // Outlook: "From: …" with "Sent: …" among the next lines, often under a rule of underscores.
        if trimmed.hasPrefix("________________"), index + 1 < lines.count {
            return fromLabels.contains { lines[index + 1].hasPrefix($0) }
        }
        if fromLabels.contains(where: { trimmed.hasPrefix($0) }) {
            return lines[(index + 1)..<min(lines.count, index + 5)].contains { next in
                sentLabels.contains { next.hasPrefix($0) }
            }
        }
        return false
    }
}
