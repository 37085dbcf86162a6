import AlumniStore
import Crypto
import Foundation

/// Strong entity tags of response bodies, and the `If-None-Match` check that turns an
/// unchanged one into a 304: for the API's campaigns and the calendar feeds alike.
public enum EntityTag {
    /// A quoted tag of `body`'s content: the first 96 bits of its SHA-256.
    public static func of(_ body: Data) -> String {
        "\"" + APITokens.hex(SHA256.hash(data: body).prefix(12)) + "\""
    }

    /// True when an `If-None-Match` header names `tag` (or `*`).
    public static func matches(_ ifNoneMatch: String?, _ tag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains {
            let known = $0.trimmingCharacters(in: .whitespaces)
            return known == tag || known == "*"
        }
    }
}
