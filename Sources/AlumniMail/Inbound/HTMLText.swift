import Foundation

/// Readable text from an HTML-only message: paragraphs and line breaks kept, list items
/// marked, scripts, styles and tags dropped, entities decoded.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = html
        // `(?s)`: what these elements hold spans lines in real mail (Outlook's <head> and <style>,
        // a quoted message), and `.` crosses line breaks only with it.
        text = text.replacingOccurrences(of: "(?s)<!--.*?-->", with: "", options: .regularExpression)
        for element in ["head", "script", "style", "title"] {
            text = text.replacingOccurrences(
                of: "(?s)<\(element)\\b[^>]*>.*?</\(element)\\s*>", with: "",
                options: [.regularExpression, .caseInsensitive])
        }
        // A quoted earlier message is history, as `>` lines are in plain text. Quotes nest (a
        // reply to a reply), so the innermost goes first until none is left.
        while true {
            let unquoted = text.replacingOccurrences(
                of: "(?s)<blockquote\\b[^>]*>(?:(?!<blockquote\\b).)*?</blockquote\\s*>", with: "",
                options: [.regularExpression, .caseInsensitive])
            if unquoted == text { break }
            text = unquoted
        }
        // Source line breaks are spaces in HTML; the tags below make the text's lines.
        text = text.replacingOccurrences(of: "[\r\n\t ]+", with: " ", options: .regularExpression)
        // One <div> after another is the next line (Gmail writes a line a <div>), not a paragraph.
        text = text.replacingOccurrences(
            of: "</div\\s*>\\s*<div\\b[^>]*>", with: "<br>", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(
            of: "</(p|h[1-6]|table)\\s*>", with: "\n\n", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(
            of: "<(br|/?div|/?p|/tr|/li|/?h[1-6])\\b[^>]*>", with: "\n",
            options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(
            of: "<li\\b[^>]*>", with: "\n- ", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        text = decodeEntities(text)
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.joined(separator: "\n")
            .replacingOccurrences(of: "\n{3,}", with: "\n\n", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "aring": "å", "Aring": "Å",
        "auml": "ä", "Auml": "Ä", "ouml": "ö", "Ouml": "Ö", "aelig": "æ", "AElig": "Æ", "oslash": "ø",
        "Oslash": "Ø", "uuml": "ü", "Uuml": "Ü", "eacute": "é", "Eacute": "É", "szlig": "ß", "euro": "€",
        "ndash": "–", "mdash": "—", "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
        "copy": "©",
    ]

    /// `&amp;`, `&#246;`, `&#xF6;` and the named entities Nordic text uses.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let candidate = rest[rest.index(after: ampersand)...].prefix(10)
            if let semicolon = candidate.firstIndex(of: ";"), let decoded = entity(candidate[..<semicolon]) {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
            }
        }
        return result + rest
    }

    private static func entity(_ name: Substring) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) } }
        return named[String(name)]
    }
}
