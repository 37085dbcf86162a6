import Crypto
import Foundation

/// Bearer tokens: random, shown once, stored only as a SHA-256 hash.
public enum APITokens {
    /// A new token: `ad_` and 43 URL-safe characters (256 random bits).
    public static func generate() -> String { "ad_" + random() }

    /// 43 URL-safe characters: 256 random bits, for tokens, session ids and form keys.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hash the database keeps for `token`.
    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hex of `bytes`, without `String(format:)`, which is slow on every request.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
