import Foundation

/// Folds text for forgiving search: lower case, accents dropped, Nordic and German letters
/// spelled the way people type them on an English keyboard, so "bjorn" finds "Björn" and
/// "odegard" finds "Ødegård".
public enum SearchKey {
    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.lowercased()
        }
        var result = String.UnicodeScalarView()
        let lowered = text.lowercased().decomposedStringWithCanonicalMapping
        for scalar in lowered.unicodeScalars {
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
