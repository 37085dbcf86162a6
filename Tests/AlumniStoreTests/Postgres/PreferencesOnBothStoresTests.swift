import AlumniCore
import AlumniTestSupport
import Foundation
import Testing

@testable import AlumniStore

/// Contact preferences through `Store`: the same decisions give the same preferences, history,
/// refusals and audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PreferencesOnBothStoresTests {
    static let admin = BothStores.admin

    struct Outcome: Equatable {
        var preferences: ContactPreferences
        var audit: [AuditEvent]
    }

    @Test(
        "consents, do-not-contact, language and the way to be reached change alike and are refused alike on both stores"
    )
    func samePreferences() async throws {
        try await BothStores.with(people: 3) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.decide($0, clock: clock)
            }
            let preferences = outcome.preferences
            #expect(preferences.consents.map(\.topic) == [.events, .newsletter])
            #expect(preferences.consents.map(\.granted) == [true, false], "the later decision on a pair wins")
            #expect(preferences.doNotContact && preferences.language == .sv && preferences.preferredChannel == .phone)
            #expect(preferences.contactNote == "call me, don't book a meeting")
            #expect(
                preferences.history.map(\.subject) == [
                    .consent, .consent, .consent, .doNotContact, .language, .preferredChannel, .contactNote,
                ])
            #expect(outcome.audit.filter { $0.action == "preferences.changed" }.count == 6)
        }
    }

    private static func decide(_ store: Store, clock: SettableClock) async throws -> Outcome {
        clock.set(ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!)
        let id = try await store.addPerson(
            PersonFields(givenName: "Mette", familyName: "Kjær", kind: .customer), actor: admin
        ).id
        try await store.setConsent(
            personId: id, topic: .newsletter, channel: .email, granted: true, source: "signup form", actor: admin)
        clock.advance(60)
        try await store.setConsent(
            personId: id, topic: .events, channel: .email, granted: true, source: "phone call", actor: admin)
        clock.advance(60)
        try await store.setConsent(
            personId: id, topic: .newsletter, channel: .email, granted: false, source: "letter", actor: admin)
        try await store.setDoNotContact(personId: id, true, source: "phone call", actor: admin)
        try await store.setPreferredLanguage(personId: id, .sv, source: "phone call", actor: admin)
        try await store.setPreferredWay(
            personId: id, channel: .phone, note: "call me, don't book a meeting", source: "phone call", actor: admin)

        await #expect(throws: ValidationFailure.self, "neither a channel nor a note") {
            try await store.setPreferredWay(personId: id, channel: nil, note: nil, source: "call", actor: admin)
        }
        await #expect(throws: ValidationFailure.self, "no source") {
            try await store.setDoNotContact(personId: id, false, source: "  ", actor: admin)
        }
        let viewer = try await store.staffActor(named: "viewer")
        await #expect(throws: AccessRefused.self) {
            try await store.setConsent(
                personId: id, topic: .jobs, channel: .sms, granted: true, source: "form", actor: viewer)
        }
        await #expect(throws: StoreError.self) { try await store.preferences(personId: 9_999, as: admin) }
        return Outcome(
            preferences: try await store.preferences(personId: id, as: admin),
            audit: try await store.auditEvents(personId: id, as: admin).items)
    }
}
