import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// The outbox through `Store`: the delivery worker's calls (due, sending, recorded) and the
/// operator's (list, show, retry) give the same messages and states on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct OutboxOnBothStoresTests {
    static let admin = BothStores.admin

    /// What each store's outbox went through.
    struct Outcome: Equatable {
        var firstDue: [String]
        var whileHeld: [String]
        var afterRetry: [String]
        var beforeLeaseEnds: [String]
        var takenOver: [String]
        var staleRecorded: Bool
        var statuses: [String: String]
        var errors: [String: String]
        var retried: Int
        var listed: [String]
        var failedTotal: Int
        var shownSubject: String
    }

    /// Two workers on other machines: only their leases' ends tell that they died.
    static let workerA = OutboxLease(holder: "elsewhere/1/a", duration: 120)
    static let workerB = OutboxLease(holder: "elsewhere/2/b", duration: 120)

    @Test("messages are claimed, sent, retried, suppressed, failed and taken over from a dead worker alike")
    func sameDelivery() async throws {
        try await BothStores.with(people: 10, messages: InquiriesOnBothStoresTests.EchoMessages()) {
            sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.deliver($0, clock: clock)
            }
            let (sent, failed, bounced) = (outcome.listed[2], outcome.listed[1], outcome.listed[0])
            #expect(outcome.firstDue == [sent, failed], "the message to the address that bounced is held back")
            #expect(outcome.whileHeld.isEmpty && outcome.beforeLeaseEnds.isEmpty, "a live lease is not taken")
            #expect(
                outcome.afterRetry == [failed] && outcome.takenOver == [failed], "a dead worker's message is sent again"
            )
            #expect(!outcome.staleRecorded, "the dead worker's late result is refused")
            #expect(outcome.statuses == [sent: "sent", failed: "sending", bounced: "suppressed"])
            #expect(outcome.errors == [sent: "", failed: "550 no such user", bounced: "address bounced"])
            #expect(outcome.failedTotal == 0 && outcome.retried == 1)
            #expect(outcome.shownSubject == "reply: Reference letter")
            await #expect(throws: StoreError.notFound("failed outbox message #999")) {
                try await postgres.retryOutbox(id: 999, actor: Self.admin)
            }
            await #expect(throws: StoreError.notFound("outbox message #999")) {
                try await postgres.outboxMessage(id: 999)
            }
        }
    }

    /// Replies to three people: one sent, one failed for good, retried and left sending by a
    /// worker that died, one to an address that bounced after it was queued.
    private static func deliver(_ store: Store, clock: SettableClock) async throws -> Outcome {
        let bounced = try await replies(3, store: store, clock: clock)[2]
        try await store.execute("UPDATE person SET email_undeliverable_at = created_at WHERE id = \(bounced)")
        let due = try await store.claimDueMessages(limit: 10, for: workerA)
        _ = try await store.markSending(due[0].id, by: workerA)
        _ = try await store.recordDelivery(due[0].id, .sent, by: workerA, thenSending: due[1].id)
        let whileHeld = try await store.claimDueMessages(limit: 10, for: workerB)
        _ = try await store.recordDelivery(
            due[1].id, .failed(reason: "550 no such user", retryAt: nil), by: workerA, thenSending: nil)
        let retried = try await store.retryOutbox(id: due[1].id, actor: admin)
        let afterRetry = try await store.claimDueMessages(limit: 10, for: workerA)
        _ = try await store.markSending(due[1].id, by: workerA)
        // Worker A dies here, inside the transport call.
        let beforeLeaseEnds = try await store.claimDueMessages(limit: 10, for: workerB)
        clock.advance(workerA.duration)
        let takenOver = try await store.claimDueMessages(limit: 10, for: workerB)
        let staleRecorded = try await store.recordDelivery(due[1].id, .sent, by: workerA, thenSending: nil).recorded
        let all = try await store.outboxMessages(status: nil, limit: 10)
        return Outcome(
            firstDue: due.map(\.dedupeKey), whileHeld: whileHeld.map(\.dedupeKey),
            afterRetry: afterRetry.map(\.dedupeKey), beforeLeaseEnds: beforeLeaseEnds.map(\.dedupeKey),
            takenOver: takenOver.map(\.dedupeKey), staleRecorded: staleRecorded,
            statuses: Dictionary(uniqueKeysWithValues: all.items.map { ($0.dedupeKey, $0.status.rawValue) }),
            errors: Dictionary(uniqueKeysWithValues: all.items.map { ($0.dedupeKey, $0.lastError ?? "") }),
            retried: retried, listed: all.items.map(\.dedupeKey),
            failedTotal: try await store.outboxMessages(status: .failed, limit: 10).total,
            shownSubject: try await store.outboxMessage(id: due[0].id).subject)
    }

    /// Replies to `count` people with addresses, a second apart; returns the people.
    private static func replies(_ count: Int, store: Store, clock: SettableClock) async throws -> [Int64] {
        let people = try await store.people(matching: PersonQuery(), as: admin).items.filter { $0.fields.email != nil }
        for person in people.prefix(count) {
            let inquiry = try await store.openInquiry(
                NewInquiry(personId: person.id, type: .general, subject: "Reference letter", body: "Please"),
                actor: admin)
            _ = try await store.reply(toInquiry: inquiry.id, body: "Attached", actor: admin)
            clock.advance(1)
        }
        return people.prefix(count).map(\.id)
    }

    struct Claims: Equatable {
        var together: Set<String>
        var overlap: Int
        var fromTheDead: [String]
        var markedByTheDead: Bool
    }

    @Test("claims made at the same moment never share a message; a dead process on this machine lets go at once")
    func disjointClaims() async throws {
        try await BothStores.with(people: 10, messages: InquiriesOnBothStoresTests.EchoMessages()) {
            sqlite, postgres, clock in
            let claims = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                _ = try await Self.replies(5, store: store, clock: clock)
                async let first = store.claimDueMessages(limit: 2, for: Self.workerA)
                async let second = store.claimDueMessages(limit: 2, for: Self.workerB)
                let (a, b) = (Set(try await first.map(\.dedupeKey)), Set(try await second.map(\.dedupeKey)))
                // A worker of this machine whose process has ended, with a message in flight.
                let dead = OutboxLease(holder: try Self.deadProcessHolder(), duration: 3600)
                let held = try await store.claimDueMessages(limit: 1, for: dead)
                let marked = try await store.markSending(held[0].id, by: dead)
                let fromTheDead = try await store.claimDueMessages(limit: 10, for: Self.workerA).map(\.dedupeKey)
                let markedAgain = try await store.markSending(held[0].id, by: dead)
                return Claims(
                    together: a.union(b), overlap: a.intersection(b).count,
                    fromTheDead: fromTheDead, markedByTheDead: marked && !markedAgain)
            }
            #expect(claims.together.count == 4 && claims.overlap == 0)
            #expect(claims.fromTheDead.count == 1, "its message is claimed again although its lease runs for an hour")
            #expect(claims.markedByTheDead)
        }
    }

    /// The holder name a process of this machine had that has ended since.
    private static func deadProcessHolder() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return "\(ProcessInfo.processInfo.hostName)/\(process.processIdentifier)/gone"
    }
}
