import Crypto
import Foundation

/// The secret of a portal link: 256 random bits and an HMAC-SHA256 signature under the
/// database's link key. A forged or altered token is refused before the database is read; the
/// database keeps only the SHA-256 of a token, so a copy of it signs no one in.
enum PortalToken {
    /// A new token and the hash the database keeps of it.
    static func make(key: Data) -> (token: String, idHash: String) {
        let secret = APITokens.random()
        let token = secret + "." + signature(of: secret, key: key)
        return (token, APITokens.hash(token))
    }

    /// The hash to look `token` up by, if its signature holds.
    static func verifiedHash(_ token: String, key: Data) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 43 else { return nil }
        let expected = Array(signature(of: String(parts[0]), key: key).utf8)
        let given = Array(parts[1].utf8)
        // Compared in constant time, so the signature cannot be guessed byte by byte.
        guard expected.count == given.count, zip(expected, given).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { return nil }
        return APITokens.hash(token)
    }

    private static func signature(of secret: String, key: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("portal:" + secret).utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
