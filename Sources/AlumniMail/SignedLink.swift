import AlumniCore
import Crypto
import Foundation

/// A link a person can use without logging in: to unsubscribe from a topic in one click, or
/// to open their preference page. Its token names the person, the topic and campaign (if
/// any) and when it expires, and is signed with HMAC-SHA256 under the database's key, so it
/// cannot be altered or forged. Token: `person.topic.campaign.expiry.signature`.
public struct SignedLink: Equatable, Sendable {
    public var personId: Int64
    public var topic: ContactTopic?
    public var campaignId: Int64?
    public var expires: Date

    public init(personId: Int64, topic: ContactTopic?, campaignId: Int64?, expires: Date) {
        self.personId = personId
        self.topic = topic
        self.campaignId = campaignId
        self.expires = expires
    }

    /// Why a token is refused.
    public enum Refusal: Error, Equatable {
        /// Not a token this system made, or changed since.
        case invalid
        /// Genuine, but past its expiry.
        case expired
    }

    /// The signed token.
    public func token(key: Data) -> String {
        let payload = [
            String(personId), topic?.rawValue ?? "-", String(campaignId ?? 0),
            String(Int64(expires.timeIntervalSince1970)),
        ].joined(separator: ".")
        return payload + "." + Self.signature(of: payload, key: key)
    }

    /// The link a token stands for, if the signature holds and it has not expired at `now`.
    public static func verify(_ token: String, key: Data, now: Date) throws(Refusal) -> SignedLink {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5 else { throw .invalid }
        let payload = parts[0..<4].joined(separator: ".")
        let expected = Data(signature(of: payload, key: key).utf8)
        // Compared in constant time, so the signature cannot be guessed byte by byte.
        guard expected.count == parts[4].utf8.count,
            zip(expected, parts[4].utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0,
            let person = Int64(parts[0]), let campaign = Int64(parts[2]), let expiry = Int64(parts[3])
        else { throw .invalid }
        let topic = parts[1] == "-" ? nil : ContactTopic(rawValue: String(parts[1]))
        guard parts[1] == "-" || topic != nil else { throw .invalid }
        let link = SignedLink(
            personId: person, topic: topic, campaignId: campaign == 0 ? nil : campaign,
            expires: Date(timeIntervalSince1970: TimeInterval(expiry)))
        guard link.expires > now else { throw .expired }
        return link
    }

    private static func signature(of payload: String, key: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))
        // Base64url without padding (RFC 4648 §5), so the token needs no escaping in a URL.
        let base64 = Data(mac).base64EncodedData()
        return String(
            decoding: base64.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "+"): UInt8(ascii: "-")
                case UInt8(ascii: "/"): UInt8(ascii: "_")
                case UInt8(ascii: "="): nil
                default: byte
                }
            }, as: UTF8.self)
    }
}

/// Builds the signed links that go into messages, on the server's public address.
public struct LinkBuilder: Sendable {
    public let publicURL: String
    public let key: Data
    public let lifetime: TimeInterval

    public init(publicURL: String, key: Data, lifetimeDays: Int) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.key = key
        self.lifetime = TimeInterval(lifetimeDays) * 86_400
    }

    /// The one-click unsubscribe link for `topic` (RFC 8058: a POST unsubscribes).
    public func unsubscribe(personId: Int64, topic: ContactTopic, campaignId: Int64?, now: Date) -> String {
        let link = SignedLink(
            personId: personId, topic: topic, campaignId: campaignId, expires: now.addingTimeInterval(lifetime))
        return "\(publicURL)/unsubscribe/\(link.token(key: key))"
    }

    /// The link to the person's preference page.
    public func preferences(personId: Int64, now: Date) -> String {
        let link = SignedLink(
            personId: personId, topic: nil, campaignId: nil, expires: now.addingTimeInterval(lifetime))
        return "\(publicURL)/preferences/\(link.token(key: key))"
    }
}
