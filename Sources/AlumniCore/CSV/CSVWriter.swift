/// Writes RFC 4180 CSV: fields that hold a comma, quote or line break are quoted,
/// quotes doubled, records ended with CRLF; cells a spreadsheet would run as a formula are
/// neutralised (``SpreadsheetCell``).
public enum CSVWriter {
    /// One record as a line of CSV, CRLF included.
    public static func line(_ fields: [String]) -> String {
        fields.map { escape(SpreadsheetCell.neutralized($0)) }.joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        guard
            field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
