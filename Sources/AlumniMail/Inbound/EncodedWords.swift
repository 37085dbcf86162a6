import Foundation

/// RFC 2047 encoded words in header fields: `=?ISO-8859-1?Q?K=F6nig?=`, `=?UTF-8?B?…?=`.
enum EncodedWords {
    /// `header` with its encoded words decoded; white space between two encoded words is dropped.
    static func decode(_ header: String) -> String {
        guard header.contains("=?") else { return header }
        var result = ""
        var rest = Substring(header)
        var previousWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            guard let word = parseWord(rest[start.lowerBound...]) else {
                result += before + "=?"
                rest = rest[start.upperBound...]
                previousWasEncoded = false
                continue
            }
            if !(previousWasEncoded && before.allSatisfy(\.isWhitespace)) { result += before }
            result += word.text
            rest = rest[word.end...]
            previousWasEncoded = true
        }
        return result + rest
    }

    /// One `=?charset?encoding?text?=` at the start of `text`.
    private static func parseWord(_ text: Substring) -> (text: String, end: Substring.Index)? {
        let pieces = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[3].hasPrefix("="), !pieces[2].contains(" ") else { return nil }
        // RFC 2231 allows a language after the charset: `UTF-8*sv`.
        let charset = String(pieces[0].split(separator: "*").first ?? "")
        let payload = Array(pieces[2].utf8)[...]
        let data: Data
        switch pieces[1].lowercased() {
        case "b": data = TransferDecoding.base64(payload)
        case "q": data = TransferDecoding.quotedPrintable(payload, underscoreIsSpace: true)
        default: return nil
        }
        return (MailCharsets.decode(data, charset: charset), pieces[3].index(after: pieces[3].startIndex))
    }
}
