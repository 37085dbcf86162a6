import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Silent cases and alert scans through `Store`: the same cases give the same silent list, the
/// same alerts (each once, the digest once a day), the same messages and the same purge on
/// SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct AlertsOnBothStoresTests {
    static let admin = BothStores.admin

    /// Renders an alert as a message that names it.
    struct NamingRenderer: AlertRenderer {
        func message(for notice: AlertNotice) throws -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "alert:" + notice.dedupeKey, recipient: notice.recipient,
                subject: "\(notice.kind.rawValue): \(notice.title)", messageID: "<\(notice.dedupeKey)@test>",
                mime: Data(), payload: "{}")
        }

        func digest(of notices: [AlertNotice], to recipient: String, on day: CalendarDate) throws -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "digest:\(recipient):\(day)", recipient: recipient,
                subject: "\(notices.count) alerts on \(day)", messageID: "<digest-\(day)@test>", mime: Data(),
                payload: "{}")
        }
    }

    struct Outcome: Equatable {
        var silent: [SilentCase]
        var botSilent: [String]
        var first: [AlertNotice]
        var again: Int
        var secondRaised: [AlertNotice]
        var dryRun: [AlertNotice]
        var outsideHours: Bool
        var listed: [String]
        var subjects: [String]
        var departures: Int
        var sessionsLeft: Int
    }

    @Test("silent cases, alerts, digests and purges come out the same on both stores")
    func sameScan() async throws {
        try await BothStores.with(people: 30) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.scan($0, clock: clock)
            }
            let raised = outcome.first.map { "\($0.kind.rawValue) \($0.recipient)" }
            #expect(raised.contains("first-response-overdue ana@example.com"))
            #expect(raised.contains("escalation boss@example.com"))
            #expect(raised.contains("silent-departure cora@example.com"))
            #expect(outcome.secondRaised.isEmpty && outcome.again == outcome.first.count, "each alert once")
            #expect(outcome.dryRun.isEmpty, "a dry run after the scans finds nothing new to raise")
            #expect(!outcome.outsideHours)
            #expect(outcome.subjects.contains("silent: Case 0"), "ana's alerts go one by one")
            #expect(!outcome.subjects.contains("silent: Case 1"))
            #expect(outcome.subjects.contains { $0.contains("alerts on") }, "ben's alerts wait for one digest")
            #expect(outcome.silent.contains { $0.kind == .departure })
            #expect(
                outcome.botSilent.count == outcome.silent.count && outcome.botSilent.allSatisfy { $0.isEmpty },
                "the alert bot sees every case, none of their words")
            #expect(outcome.sessionsLeft == 0)
        }
    }

    private static func scan(_ store: Store, clock: SettableClock) async throws -> Outcome {
        clock.set(ISO8601DateFormatter().date(from: "2026-11-18T10:00:00Z")!)
        _ = try await store.addUser(name: "ana", email: "ana@example.com", role: .hr, actor: admin)
        _ = try await store.addUser(name: "ben", email: "ben@example.com", role: .hr, actor: admin)
        _ = try await store.addUser(name: "cora", email: "cora@example.com", role: .coordinator, actor: admin)
        try await store.setAlertDigest(name: "ben", true, actor: admin)
        let people = try await store.people(matching: PersonQuery(), as: admin).items
        for (index, owner) in ["ana", "ben", "ana"].enumerated() {
            _ = try await store.openInquiry(
                NewInquiry(
                    personId: people[index].id, type: .pension, subject: "Case \(index)", body: "Hello?",
                    receivedAt: clock.now().addingTimeInterval(-Double(40 + index) * 86_400), owner: owner),
                actor: admin)
        }
        for (person, daysAgo) in [(people[3], 20), (people[4], 30)] {
            try await store.execute(
                "UPDATE person SET left_on = ? WHERE id = ?",
                [CalendarDate(iso: "2026-11-18")!.adding(days: -daysAgo).databaseValue, person.id.databaseValue])
        }
        let departures = try await store.silentDepartures(limit: 3, countLimit: 100, as: admin)
        if let first = departures.items.first {
            try await store.recordFarewell(personId: first.personId, note: "Lunch", actor: admin)
        }
        let longAgo = clock.now().addingTimeInterval(-40 * 86_400).stored.databaseValue
        try await store.execute(
            "INSERT INTO desk_session (id_hash, user_id, created_at, last_seen_at, csrf_token) "
                + "SELECT 'old', id, ?, ?, 'x' FROM staff_user WHERE name = 'ana'", [longAgo, longAgo])
        _ = try await store.addUser(name: "bot", email: "bot@example.com", role: .alertBot, actor: admin)
        let bot = try await store.staffActor(named: "bot")
        var policy = AlertPolicy()
        policy.hours = 8 * 60...17 * 60
        let addresses = AlertAddresses(team: "team@example.com", escalation: "boss@example.com")
        try await store.purgeStaleRecords()
        let first = try await store.raiseAlerts(policy: policy, addresses: addresses, renderer: NamingRenderer())
        clock.advance(60)
        let second = try await store.raiseAlerts(policy: policy, addresses: addresses, renderer: NamingRenderer())
        let dryRun = try await store.raiseAlerts(
            policy: policy, addresses: addresses, dryRun: true, renderer: NamingRenderer())
        clock.advance(10 * 3_600)
        let closed = try await store.raiseAlerts(policy: policy, addresses: addresses, renderer: NamingRenderer())
        return Outcome(
            silent: try await store.silentCases(as: admin),
            botSilent: try await store.silentCases(as: bot).map(\.title), first: first.raised,
            again: second.alreadyRaised, secondRaised: second.raised, dryRun: dryRun.raised, outsideHours: closed.open,
            listed: try await store.alerts(limit: 100).items.map { "\($0.kind.rawValue) \($0.recipient)" },
            subjects: try await store.rows("SELECT subject FROM outbox_message ORDER BY id").map {
                String.fromDatabaseValue($0["subject"]!) ?? ""
            },
            departures: departures.total,
            sessionsLeft: try await store.rows("SELECT id_hash FROM desk_session").count)
    }
}
