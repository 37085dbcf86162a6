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
        var afterFailure: [String]
        var interrupted: [String]
        var statuses: [String: String]
        var errors: [String: String]
        var retried: Int
        var listed: [String]
        var failedTotal: Int
        var shownSubject: String
    }

    @Test("messages are picked, sent, retried, suppressed and failed alike on both stores")
    func sameDelivery() async throws {
        try await BothStores.with(people: 10, messages: InquiriesOnBothStoresTests.EchoMessages()) {
            sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.deliver($0, clock: clock)
            }
            let (sent, failed, bounced) = (outcome.listed[2], outcome.listed[1], outcome.listed[0])
            #expect(outcome.firstDue == [sent, failed], "the message to the address that bounced is held back")
            #expect(
                outcome.afterFailure == [failed] && outcome.interrupted == [failed], "one left sending is sent again")
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
    /// "crash", one to an address that bounced after it was queued.
    private static func deliver(_ store: Store, clock: SettableClock) async throws -> Outcome {
        let people = try await store.people(matching: PersonQuery(), as: admin).items.filter { $0.fields.email != nil }
        var ids: [Int64] = []
        for person in people.prefix(3) {
            let inquiry = try await store.openInquiry(
                NewInquiry(personId: person.id, type: .general, subject: "Reference letter", body: "Please"),
                actor: admin)
            ids.append(inquiry.id)
            _ = try await store.reply(toInquiry: inquiry.id, body: "Attached", actor: admin)
            clock.advance(1)
        }
        let bounced = people[2].id
        try await store.execute("UPDATE person SET email_undeliverable_at = created_at WHERE id = \(bounced)")
        let due = try await store.dueOutboxMessages(limit: 10)
        try await store.markSending(due[0].id)
        try await store.recordDelivery(due[0].id, .sent, thenSending: due[1].id)
        let afterFailure = try await store.dueOutboxMessages(limit: 10)
        try await store.recordDelivery(due[1].id, .failed(reason: "550 no such user", retryAt: nil), thenSending: nil)
        let retried = try await store.retryOutbox(id: due[1].id, actor: admin)
        try await store.markSending(due[1].id)
        let interrupted = try await store.dueOutboxMessages(limit: 10)
        let all = try await store.outboxMessages(status: nil, limit: 10)
        return Outcome(
            firstDue: due.map(\.dedupeKey), afterFailure: afterFailure.map(\.dedupeKey),
            interrupted: interrupted.map(\.dedupeKey),
            statuses: Dictionary(uniqueKeysWithValues: all.items.map { ($0.dedupeKey, $0.status.rawValue) }),
            errors: Dictionary(uniqueKeysWithValues: all.items.map { ($0.dedupeKey, $0.lastError ?? "") }),
            retried: retried, listed: all.items.map(\.dedupeKey),
            failedTotal: try await store.outboxMessages(status: .failed, limit: 10).total,
            shownSubject: try await store.outboxMessage(id: due[0].id).subject)
    }
}
