import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// What people do through the signed links in our messages (unsubscribe, the preference page,
/// "keep me on the list", a fresh preference link) and what staff do with those links, and the
/// warnings before an erasure, through `Store`: the same changes, refusals, messages and audit
/// trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct SelfServiceOnBothStoresTests {
    static let admin = BothStores.admin

    /// A preference link's e-mail, or a retention warning, saying what it was given.
    struct Plain: PreferenceLinkRenderer, RetentionWarningRenderer {
        func message(for person: Person, linkVersion: Int, now: Date) -> NewOutboxMessage? {
            plain(person, "link \(linkVersion)")
        }

        func message(for person: Person, linkVersion: Int, erasureDay: CalendarDate, now: Date) -> NewOutboxMessage? {
            plain(person, "erasure from \(erasureDay), link \(linkVersion)")
        }

        private func plain(_ person: Person, _ subject: String) -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "", recipient: person.fields.email ?? "", subject: subject, messageID: "<\(person.id)@test>",
                mime: Data(), payload: "{}", about: person.id)
        }
    }

    struct Links: Equatable {
        var notDone: [PreferenceChoice.NotDone]
        var greeting: String
        var preferences: ContactPreferences
        var versions: [Int?]
        var issued: Int
        var sent: [Bool]
        var refusals: [String]
        var messages: [[String: DatabaseValue]]
        var audit: [[String: DatabaseValue]]
    }

    @Test("unsubscribing, the preference page, a fresh link once an hour, revoking links, alike on both stores")
    func sameLinks() async throws {
        try await BothStores.with(people: 3) { sqlite, postgres, clock in
            let links = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.links($0, clock: clock)
            }
            #expect(links.notDone[0].grants == [ConsentKey(.events, .email)], "a link never subscribes anyone")
            #expect(links.notDone[1].liftDoNotContact, "nor lifts do-not-contact")
            #expect(!links.preferences.consents.contains { $0.topic == .newsletter && $0.granted })
            #expect(links.preferences.doNotContact && links.preferences.language == .sv)
            #expect(links.versions == [0, 1, nil] && links.issued == 1)
            #expect(links.sent == [true, false, false], "one an hour, none once do-not-contact is on")
            #expect(links.refusals.count == 2)
            #expect(links.messages.count == 1)
        }
    }

    private static func links(_ store: Store, clock: SettableClock) async throws -> Links {
        clock.set("2026-11-20 09:00")
        let person = try await store.addPerson(
            PersonFields(givenName: "Linda", familyName: "Link", email: "linda@example.com", kind: .customer),
            actor: admin
        ).id
        try await store.setConsent(
            personId: person, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: admin)
        var sent = [try await store.sendPreferenceLink(personId: person, renderer: Plain())]
        sent.append(try await store.sendPreferenceLink(personId: person, renderer: Plain()))
        for _ in 0..<2 { try await store.unsubscribe(personId: person, topic: .newsletter, source: "campaign:1") }
        var notDone = [
            try await store.applyPreferenceChoice(
                personId: person,
                PreferenceChoice(granted: [ConsentKey(.events, .email)], language: .sv, doNotContact: true),
                source: "preference page")
        ]
        notDone.append(
            try await store.applyPreferenceChoice(
                personId: person, PreferenceChoice(granted: [], language: .sv, doNotContact: false),
                source: "preference page"))
        try await store.keepInTouch(personId: person)
        clock.advance(7200)
        sent.append(try await store.sendPreferenceLink(personId: person, renderer: Plain()))
        var versions = [try await store.linkVersion(personId: person)]
        try await store.revokeLinks(personId: person, actor: admin)
        versions.append(try await store.linkVersion(personId: person))
        let issued = try await store.issuePreferenceLink(personId: person, topic: .newsletter, actor: admin)
        var refusals: [String] = []
        do { try await store.revokeLinks(personId: 999_999, actor: admin) } catch { refusals.append("\(error)") }
        let erased = try await store.addPerson(
            PersonFields(givenName: "Gone", familyName: "Erased", email: "gone@example.com", kind: .customer),
            actor: admin
        ).id
        _ = try await store.erasePerson(id: erased, actor: admin)
        versions.append(try await store.linkVersion(personId: erased))
        do { _ = try await store.issuePreferenceLink(personId: erased, topic: nil, actor: admin) } catch {
            refusals.append("\(error)")
        }
        let own = try await store.ownPreferences(personId: person)
        return Links(
            notDone: notDone, greeting: own.greeting, preferences: own.preferences, versions: versions,
            issued: issued, sent: sent, refusals: refusals,
            messages: try await store.rows(
                "SELECT dedupe_key, recipient, subject FROM outbox_message WHERE dedupe_key LIKE 'preference-link:%'"),
            audit: try await store.rows(
                """
                SELECT action, actor, detail FROM audit_event
                WHERE action LIKE 'pref%' OR action LIKE 'preferences.%' ORDER BY id
                """))
    }

    struct Warnings: Equatable {
        var queued: [Int]
        var early: [RetentionCandidate]
        var late: [RetentionCandidate]
        var erased: Int
        var people: [[String: DatabaseValue]]
        var messages: [[String: DatabaseValue]]
        var audit: [[String: DatabaseValue]]
    }

    @Test("warnings before an erasure go once to who can be reached; keep me on the list stops it, alike")
    func sameWarnings() async throws {
        try await BothStores.with(people: 0, prepare: Self.quietCustomers) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                try await store.setSetting(.retentionWarningDays, to: "30", actor: Self.admin)
                clock.set("2026-11-18 09:00")
                let queued = [
                    try await store.queueRetentionWarnings(renderer: Plain()),
                    try await store.queueRetentionWarnings(renderer: Plain()),
                ]
                let keeper = try await store.rows("SELECT id FROM person WHERE family_name = 'Keeper'")[0]["id"]
                try await store.keepInTouch(personId: Int64.fromDatabaseValue(keeper!)!)
                clock.set("2026-12-05 09:00")
                let early = try await store.retentionPlan()
                clock.set("2026-12-20 09:00")
                let late = try await store.retentionPlan()
                return Warnings(
                    queued: queued, early: early, late: late, erased: try await store.runRetention().erased,
                    people: try await store.rows(
                        "SELECT family_name, erased_at IS NOT NULL AS erased FROM person ORDER BY id"),
                    messages: try await store.rows(
                        "SELECT dedupe_key, recipient, subject FROM outbox_message ORDER BY dedupe_key"),
                    audit: try await store.rows(
                        "SELECT action, actor, detail FROM audit_event WHERE action LIKE 'retention.%' ORDER BY id"))
            }
            #expect(outcome.queued == [2, 0], "to who has an address, once")
            let toKeeper = outcome.messages.first { $0["recipient"] == "keeper@example.com".databaseValue }
            #expect(
                outcome.messages.count == 2 && toKeeper?["subject"] == "erasure from 2026-12-18, link 0".databaseValue)
            #expect(outcome.early.count == 1, "the warned wait; who cannot be warned does not")
            #expect(
                outcome.late.count == 2 && outcome.erased == 2,
                "warned a month ago: erased; a warning found by its person")
            #expect(outcome.people.first { $0["family_name"] == "Keeper".databaseValue }?["erased"] == 0.databaseValue)
        }
    }

    /// Customers who left at the end of 2023 and have been quiet since: one to warn, one who
    /// asks to stay, one without an address.
    private static func quietCustomers(_ database: AlumniDatabase, _ clock: SettableClock) throws {
        clock.set("2024-12-10 09:00")
        for (family, email) in [("Warned", "warned@example.com"), ("Keeper", "keeper@example.com"), ("Noaddress", nil)]
        {
            let person = try database.addPerson(
                PersonFields(givenName: "Someone", familyName: family, email: email, kind: .customer), actor: admin)
            _ = try database.recordDeparture(
                id: person.id, left: CalendarDate(iso: "2023-12-01")!, reason: "moved", actor: admin)
        }
    }
}
