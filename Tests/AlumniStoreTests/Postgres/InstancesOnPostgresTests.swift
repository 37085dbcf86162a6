import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Two instances on one PostgreSQL database, each with a store (a pool) of its own.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct InstancesOnPostgresTests {
    @Test("two scans at the same moment over 500 overdue cases raise and queue each alert once")
    func twoScansAtOnce() async throws {
        let (location, clock) = try await Self.database(people: 300, inquiries: 600)
        var anyHour = AlertPolicy()
        anyHour.hours = 0...(24 * 60 - 1)
        let policy = anyHour
        let addresses = AlertAddresses(team: "team@example.com", escalation: "boss@example.com")
        try await PostgresStore.withStore(location, clock: clock) { first in
            try await PostgresStore.withStore(location, clock: clock) { second in
                async let scanA = first.raiseAlerts(
                    policy: policy, addresses: addresses, renderer: AlertsOnBothStoresTests.NamingRenderer(),
                    chunkSize: 50)
                async let scanB = second.raiseAlerts(
                    policy: policy, addresses: addresses, renderer: AlertsOnBothStoresTests.NamingRenderer(),
                    chunkSize: 50)
                let (a, b) = try await (scanA, scanB)
                let store = Store.postgres(first)
                let alerts = try await store.rows("SELECT count(*) AS n FROM alert")[0]["n"]
                let messages = try await store.rows(
                    "SELECT count(*) AS n, count(DISTINCT dedupe_key) AS distinct_keys FROM outbox_message")[0]
                #expect(a.raised.count + b.raised.count >= 500, "the cases call for many alerts")
                #expect((a.raised.count + b.raised.count).databaseValue == alerts, "each raised by one scan")
                #expect(messages["n"] == alerts && messages["distinct_keys"] == alerts, "and queued once")
            }
        }
    }

    @Test("mail queued through one instance wakes the delivery workers of the other at once", .timeLimit(.minutes(10)))
    func queuedMailWakesTheOthers() async throws {
        let (location, clock) = try await Self.database(people: 20, inquiries: 0)
        try await PostgresStore.withStore(location, clock: clock) { first in
            try await PostgresStore.withStore(
                location, clock: clock, requesterMessages: InquiriesOnBothStoresTests.EchoMessages()
            ) { second in
                let (wakes, wake) = AsyncStream.makeStream(of: Void.self)
                // A listener that fails ends the wake-ups, and the test with its error.
                let listening = Task {
                    defer { wake.finish() }
                    try await first.listenForQueuedMail { wake.yield() }
                }
                defer { listening.cancel() }
                // Until the listener is in place, a reply is queued again and again (each one wakes).
                let store = Store.postgres(second)
                let inquiry = try await store.openInquiry(
                    NewInquiry(personId: 1, type: .general, subject: "Wake up", body: "Hello"), actor: BothStores.admin)
                let replying = Task {
                    for turn in 1... {
                        _ = try await store.reply(toInquiry: inquiry.id, body: "Reply \(turn)", actor: BothStores.admin)
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                defer { replying.cancel() }
                var woken = false
                for await _ in wakes {
                    woken = true
                    break
                }
                if !woken { _ = try await listening.value }
                #expect(woken)
            }
        }
    }

    /// A PostgreSQL database with demo people and open inquiries, and the clock the stores share.
    private static func database(people: Int, inquiries: Int) async throws -> (PostgresLocation, SettableClock) {
        let test = try TestDatabase()
        test.clock.set("2026-11-18 10:00")
        _ = try test.database.seedDemo(
            count: people, seed: 5, today: CalendarDate(iso: "2026-11-18")!, actor: BothStores.admin)
        _ = try test.database.seedDemoInquiries(count: inquiries, seed: 5, openShare: 1, actor: BothStores.admin)
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        let path = test.database.path
        try test.database.close()
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        return (location, test.clock)
    }
}
