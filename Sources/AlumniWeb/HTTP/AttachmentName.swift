import Foundation

/// The `Content-Disposition` of a file someone sent us, downloaded by staff: always an
/// attachment (never shown inline on our origin), its name in ASCII and in UTF-8 (RFC 6266).
public enum AttachmentName {
    public static func disposition(_ filename: String) -> String {
        let safe = filename.unicodeScalars.map { scalar in
            scalar.isASCII && scalar.value >= 0x20 && !"\"\\/;".unicodeScalars.contains(scalar)
                ? String(scalar) : "_"
        }.joined()
        let encoded =
            filename.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_")))
            ?? safe
        return "attachment; filename=\"\(safe)\"; filename*=UTF-8''\(encoded)"
    }
}
