import AlumniCore
import AlumniMail
import Crypto
import Foundation
import Testing

/// Links people use without an account: only ours work, only until they expire.
@Suite struct SignedLinkTests {
    private let key = Data(repeating: 7, count: 32)
    private let now = Date(timeIntervalSince1970: 1_795_000_000)

    private var link: SignedLink {
        SignedLink(personId: 42, topic: .newsletter, campaignId: 3, expires: now.addingTimeInterval(86_400))
    }

    @Test func aGenuineLinkReadsBackAsItWasMade() throws {
        #expect(try SignedLink.verify(link.token(key: key), key: key, now: now) == link)
        let preferences = SignedLink(personId: 42, topic: nil, campaignId: nil, expires: link.expires)
        #expect(try SignedLink.verify(preferences.token(key: key), key: key, now: now) == preferences)
    }

    @Test func aChangedLinkIsRefused() {
        let token = link.token(key: key)
        // Another person, another topic, a later expiry, or a forged signature.
        for forged in [
            token.replacingOccurrences(of: "42.", with: "43."),
            token.replacingOccurrences(of: ".newsletter.", with: ".pension."),
            token.replacingOccurrences(of: ".\(Int(link.expires.timeIntervalSince1970)).", with: ".9999999999."),
            String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A"),
            "42.newsletter.3", "",
        ] {
            #expect(throws: SignedLink.Refusal.invalid) { try SignedLink.verify(forged, key: key, now: now) }
        }
        #expect(throws: SignedLink.Refusal.invalid) {
            try SignedLink.verify(token, key: Data(repeating: 8, count: 32), now: now)
        }
    }

    @Test func anExpiredLinkIsRefusedAsExpired() {
        #expect(throws: SignedLink.Refusal.expired) {
            try SignedLink.verify(link.token(key: key), key: key, now: link.expires)
        }
    }

    @Test func linksAreBuiltOnThePublicAddress() throws {
        let builder = LinkBuilder(publicURL: "https://alumni.example.com/", key: key, lifetimeDays: 30)
        let url = builder.unsubscribe(personId: 42, topic: .events, campaignId: nil, now: now)
        #expect(url.hasPrefix("https://alumni.example.com/unsubscribe/u.42.events.0."))
        let token = String(url.split(separator: "/").last!)
        let read = try SignedLink.verify(token, key: key, now: now)
        #expect(read.expires == now.addingTimeInterval(30 * 86_400))
        #expect(read.purpose == .unsubscribe)
        let preferences = try SignedLink.verify(
            String(builder.preferences(personId: 42, version: 3, now: now).split(separator: "/").last!), key: key,
            now: now)
        #expect(preferences.purpose == .preferences && preferences.version == 3)
        #expect(preferences.expires == now.addingTimeInterval(7 * 86_400), "a preference link lives days, not months")
    }

    @Test func aTokenFromBeforePurposesStillReadsForItsOwnPageOnly() throws {
        // person.topic.campaign.expiry.signature, as links in mail sent before this version were made
        let old = SignedLink(personId: 42, topic: .newsletter, campaignId: 3, expires: now.addingTimeInterval(60))
        let parts = old.token(key: key).split(separator: ".").map(String.init)
        let payload = parts[1..<5].joined(separator: ".")
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))
        let signature = Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let read = try SignedLink.verify(payload + "." + signature, key: key, now: now)
        #expect(read.purpose == .unsubscribe && read.version == 0 && read.personId == 42)
    }
}
