import Crypto
import Foundation

/// Bearer tokens: random, shown once, stored only as a SHA-256 hash.
public enum APITokens {
    /// A new token: `ad_` and 43 URL-safe characters (256 random bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "ad_" + base64
    }

    /// The hash the database keeps for `token`.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
