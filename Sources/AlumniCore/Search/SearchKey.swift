import Foundation

/// Folds text for forgiving search: lower case, accents dropped, Nordic and German letters
/// spelled the way people type them on an English keyboard, so "bjorn" finds "Björn" and
/// "odegard" finds "Ødegård".
public enum SearchKey {
    /// Most words one search may hold: each becomes a condition of the query, and a few hundred
    /// would pass SQLite's limit on a query's size.
    public static let maximumWords = 10

    /// The folded words of a search, all of which must match; refused, naming `search`, when
    /// there are more than ``maximumWords``.
    public static func words(_ text: String) throws(ValidationFailure) -> [String] {
        let words = fold(text).split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count <= maximumWords else {
            throw ValidationFailure([
                FieldError(field: "search", reason: "has \(words.count) words; at most \(maximumWords) are looked for")
            ])
        }
        return words
    }

    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: result.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0..<0x80: result.append(scalar)
            case latinRange: result.append(contentsOf: latin[Int(scalar.value - latinRange.lowerBound)].unicodeScalars)
            default: result.append(contentsOf: slowFold(String(scalar)).unicodeScalars)
            }
        }
        return String(result)
    }

    /// Latin-1 Supplement and Latin Extended-A, where nearly all European names live, folded once.
    private static let latinRange: ClosedRange<UInt32> = 0x80...0x17F
    private static let latin: [String] = latinRange.map { slowFold(String(Unicode.Scalar($0)!)) }

    private static func slowFold(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if let spelled = spelledOut[scalar] {
                result.append(contentsOf: spelled.unicodeScalars)
            } else if scalar.properties.generalCategory != .nonspacingMark {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Letters that are not a base letter plus an accent and so do not decompose.
    private static let spelledOut: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i",
    ]
}
