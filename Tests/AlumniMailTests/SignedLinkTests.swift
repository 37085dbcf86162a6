import AlumniCore
import AlumniMail
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
        #expect(url.hasPrefix("https://alumni.example.com/unsubscribe/42.events.0."))
        let token = String(url.split(separator: "/").last!)
        let read = try SignedLink.verify(token, key: key, now: now)
        #expect(read.expires == now.addingTimeInterval(30 * 86_400))
    }
}
