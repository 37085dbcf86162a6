import AlumniCore
import Crypto
import Foundation

/// A link a person can use without logging in: to unsubscribe from a topic in one click, or
/// to open their preference page — each only for what it is for. Its token names what it is
/// for, the person, the topic and campaign (if any), when it expires and the person's link
/// version (bumped to revoke every link they have), and is signed with HMAC-SHA256 under the
/// database's key, so it cannot be altered or forged.
/// Token: `purpose.person.topic.campaign.expiry.version.signature`; tokens made before
/// purposes and versions (`person.topic.campaign.expiry.signature`) read as version 0, for
/// unsubscribing when they name a topic and for the preference page when they do not.
public struct SignedLink: Equatable, Sendable {
    /// What a link may do.
    public enum Purpose: String, Sendable {
        /// One-click unsubscribe from its topic, and nothing else (it travels in
        /// `List-Unsubscribe` to mailbox providers and to whoever a message is forwarded to).
        case unsubscribe = "u"
        /// The preference page: short-lived, sent to the person alone.
        case preferences = "p"
        /// "Keep me on the list", in a warning before an erasure for inactivity.
        case keep = "k"
        /// The farewell feedback page; the link's campaign field carries the farewell's id.
        case feedback = "f"
    }

    public var purpose: Purpose
    public var personId: Int64
    public var topic: ContactTopic?
    public var campaignId: Int64?
    public var expires: Date
    /// The person's link version when it was made; a link of an older version is revoked.
    public var version: Int

    public init(
        personId: Int64, topic: ContactTopic?, campaignId: Int64?, expires: Date, version: Int = 0,
        purpose: Purpose? = nil
    ) {
        self.purpose = purpose ?? (topic == nil ? .preferences : .unsubscribe)
        self.personId = personId
        self.topic = topic
        self.campaignId = campaignId
        self.expires = expires
        self.version = version
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
            purpose.rawValue, String(personId), topic?.rawValue ?? "-", String(campaignId ?? 0),
            String(Int64(expires.timeIntervalSince1970)), String(version),
        ].joined(separator: ".")
        return payload + "." + Self.signature(of: payload, key: key)
    }

    /// The link a token stands for, if the signature holds and it has not expired at `now`.
    /// (Whether its version is still the person's is the caller's to check.)
    public static func verify(_ token: String, key: Data, now: Date) throws(Refusal) -> SignedLink {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 7 || parts.count == 5 else { throw .invalid }
        let payload = parts.dropLast().joined(separator: ".")
        let expected = Data(signature(of: payload, key: key).utf8)
        // Compared in constant time, so the signature cannot be guessed byte by byte.
        guard expected.count == parts.last!.utf8.count,
            zip(expected, parts.last!.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw .invalid }
        // A token from before purposes and versions: person.topic.campaign.expiry.
        let fields = parts.count == 7 ? Array(parts[1..<6]) : Array(parts[0..<4]) + ["0"]
        let purpose = parts.count == 7 ? Purpose(rawValue: String(parts[0])) : nil
        guard parts.count == 5 || purpose != nil, let person = Int64(fields[0]), let campaign = Int64(fields[2]),
            let expiry = Int64(fields[3]), let version = Int(fields[4])
        else { throw .invalid }
        let topic = fields[1] == "-" ? nil : ContactTopic(rawValue: String(fields[1]))
        guard fields[1] == "-" || topic != nil else { throw .invalid }
        let link = SignedLink(
            personId: person, topic: topic, campaignId: campaign == 0 ? nil : campaign,
            expires: Date(timeIntervalSince1970: TimeInterval(expiry)), version: version, purpose: purpose)
        guard link.purpose != .unsubscribe || topic != nil else { throw .invalid }
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

/// Builds the signed links that go into messages, on the server's public address. `version`
/// is the person's link version (0 until their links are revoked).
public struct LinkBuilder: Sendable {
    public let publicURL: String
    public let key: Data
    /// How long an unsubscribe link works.
    public let lifetime: TimeInterval
    /// How long a preference-page link works: days, not months.
    public let preferenceLifetime: TimeInterval

    public init(publicURL: String, key: Data, lifetimeDays: Int, preferenceLifetimeDays: Int = 7) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.key = key
        self.lifetime = TimeInterval(lifetimeDays) * 86_400
        self.preferenceLifetime = TimeInterval(preferenceLifetimeDays) * 86_400
    }

    /// The one-click unsubscribe link for `topic` (RFC 8058: a POST unsubscribes).
    public func unsubscribe(
        personId: Int64, topic: ContactTopic, campaignId: Int64?, version: Int = 0, now: Date
    ) -> String {
        let link = SignedLink(
            personId: personId, topic: topic, campaignId: campaignId, expires: now.addingTimeInterval(lifetime),
            version: version, purpose: .unsubscribe)
        return "\(publicURL)/unsubscribe/\(link.token(key: key))"
    }

    /// The "keep me on the list" link of a retention warning, good until the erasure.
    public func keep(personId: Int64, version: Int = 0, until: Date) -> String {
        let link = SignedLink(
            personId: personId, topic: nil, campaignId: nil, expires: until, version: version, purpose: .keep)
        return "\(publicURL)/keep/\(link.token(key: key))"
    }

    /// How long a farewell's feedback link works: a year, as people answer when they find the time.
    public static let feedbackLifetime: TimeInterval = 365 * 86_400

    /// The link to the feedback page of farewell `planId`.
    public func feedback(personId: Int64, planId: Int64, version: Int = 0, now: Date) -> String {
        let link = SignedLink(
            personId: personId, topic: nil, campaignId: planId, expires: now.addingTimeInterval(Self.feedbackLifetime),
            version: version, purpose: .feedback)
        return "\(publicURL)/my/farewell/\(link.token(key: key))"
    }

    /// The link to the person's preference page.
    public func preferences(personId: Int64, version: Int = 0, now: Date) -> String {
        let link = SignedLink(
            personId: personId, topic: nil, campaignId: nil, expires: now.addingTimeInterval(preferenceLifetime),
            version: version, purpose: .preferences)
        return "\(publicURL)/preferences/\(link.token(key: key))"
    }
}
