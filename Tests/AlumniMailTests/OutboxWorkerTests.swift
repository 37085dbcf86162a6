import AlumniCore
import AlumniMail
import AlumniTestSupport
import Foundation
import Logging
import Testing

/// An in-memory outbox with the store's semantics, to test the worker's decisions alone.
final class FakeOutbox: OutboxStore, @unchecked Sendable {
    private let lock = NSLock()
    var messages: [Int64: OutboxMessage] = [:]
    let clock: any WallClock

    init(count: Int, clock: any WallClock) {
        self.clock = clock
        for id in 1...Int64(count) {
            messages[id] = OutboxMessage(
                id: id, dedupeKey: "k\(id)", recipient: "r@example.com", subject: "s", messageID: "<\(id)@x>",
                mime: Data(), payload: "{}", status: .queued, attempts: 0, nextAttemptAt: .distantPast, lastError: nil,
                createdAt: .distantPast, sentAt: nil)
        }
    }

    func dueOutboxMessages(limit: Int) throws -> [OutboxMessage] {
        let now = clock.now()
        return lock.withLock {
            Array(
                messages.values.filter { $0.status == .sending || ($0.status == .queued && $0.nextAttemptAt <= now) }
                    .sorted { $0.id < $1.id }.prefix(limit))
        }
    }

    func markSending(_ id: Int64) throws {
        lock.withLock {
            messages[id]!.status = .sending
            messages[id]!.attempts += 1
        }
    }

    func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, thenSending next: Int64?) throws {
        if let next { try markSending(next) }
        lock.withLock {
            switch outcome {
            case .sent: messages[id]!.status = .sent
            case .failed(let reason, let retryAt?):
                messages[id]!.status = .queued
                messages[id]!.nextAttemptAt = retryAt
                messages[id]!.lastError = reason
            case .failed(let reason, nil):
                messages[id]!.status = .failed
                messages[id]!.lastError = reason
            }
        }
    }
}

/// A transport that records what it was given and fails on demand.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var sent: [Int64] = []
    var failing: Set<Int64> = []

    func send(_ message: OutboxMessage) async throws {
        try lock.withLock {
            if failing.contains(message.id) { throw TransportError("relay refused") }
            sent.append(message.id)
        }
    }
}

@Suite struct OutboxWorkerTests {
    private let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func sendsEachDueMessageOnce() async throws {
        let outbox = FakeOutbox(count: 5, clock: FixedClock(now))
        let transport = RecordingTransport()
        let worker = OutboxWorker(
            store: outbox, transport: transport, clock: FixedClock(now), logger: Logger(label: "test"))
        #expect(try await worker.deliverDue(batch: 2) == OutboxWorker.Report(sent: 5, retrying: 0, failed: 0))
        #expect(try await worker.deliverDue() == OutboxWorker.Report())
        #expect(transport.sent == [1, 2, 3, 4, 5])
    }

    @Test func failuresBackOffExponentiallyThenGiveUp() async throws {
        let clock = SettableClock(now)
        let outbox = FakeOutbox(count: 2, clock: clock)
        let transport = RecordingTransport()
        transport.failing = [2]
        var worker = OutboxWorker(store: outbox, transport: transport, clock: clock, logger: Logger(label: "test"))
        worker.maxAttempts = 3
        worker.backoff = 60
        #expect(try await worker.deliverDue() == OutboxWorker.Report(sent: 1, retrying: 1, failed: 0))
        #expect(outbox.messages[2]?.nextAttemptAt == now.addingTimeInterval(60))
        #expect(outbox.messages[2]?.lastError == "relay refused")

        clock.advance(30)
        #expect(try await worker.deliverDue() == OutboxWorker.Report(), "not due before the backoff ends")
        clock.advance(30)
        #expect(try await worker.deliverDue() == OutboxWorker.Report(sent: 0, retrying: 1, failed: 0))
        #expect(outbox.messages[2]?.nextAttemptAt == now.addingTimeInterval(60 + 120), "the wait doubles")
        clock.advance(120)
        #expect(try await worker.deliverDue() == OutboxWorker.Report(sent: 0, retrying: 0, failed: 1))
        #expect(outbox.messages[2]?.status == .failed)
        #expect(outbox.messages[2]?.attempts == 3)
        #expect(transport.sent == [1])
    }

    @Test func aMessageLeftSendingByAKilledPassIsSentAgain() async throws {
        let outbox = FakeOutbox(count: 1, clock: FixedClock(now))
        try outbox.markSending(1)  // the process died inside the transport call
        let transport = RecordingTransport()
        let worker = OutboxWorker(
            store: outbox, transport: transport, clock: FixedClock(now), logger: Logger(label: "test"))
        #expect(try await worker.deliverDue().sent == 1)
        #expect(outbox.messages[1]?.attempts == 2)
    }
}
