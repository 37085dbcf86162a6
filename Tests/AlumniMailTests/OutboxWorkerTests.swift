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

    /// Who holds each claimed message, and until when.
    var claims: [Int64: (holder: String, until: Date)] = [:]

    func claimDueMessages(limit: Int, for lease: OutboxLease) throws -> [OutboxMessage] {
        let now = clock.now()
        return lock.withLock {
            let free = { (id: Int64) in
                self.claims[id].map { $0.until <= now || OutboxLease.isGone($0.holder) } ?? true
            }
            let due = messages.values.filter {
                free($0.id) && ($0.status == .sending || ($0.status == .queued && $0.nextAttemptAt <= now))
            }.sorted { $0.id < $1.id }.prefix(limit)
            for message in due { claims[message.id] = (lease.holder, now.addingTimeInterval(lease.duration)) }
            return Array(due)
        }
    }

    func markSending(_ id: Int64, by lease: OutboxLease) throws -> Bool {
        lock.withLock {
            guard claims[id]?.holder == lease.holder else { return false }
            claims[id]?.until = clock.now().addingTimeInterval(lease.duration)
            messages[id]!.status = .sending
            messages[id]!.attempts += 1
            return true
        }
    }

    func recordDelivery(_ id: Int64, _ outcome: DeliveryOutcome, by lease: OutboxLease, thenSending next: Int64?)
        throws -> RecordedDelivery
    {
        let recorded = lock.withLock {
            guard claims[id]?.holder == lease.holder else { return false }
            claims[id] = nil
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
            return true
        }
        return RecordedDelivery(recorded: recorded, nextHeld: try next.map { try markSending($0, by: lease) } ?? false)
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

    @Test func aMessageLeftSendingByAKilledProcessIsSentAgain() async throws {
        let outbox = FakeOutbox(count: 1, clock: FixedClock(now))
        // A process of this machine claimed it and died inside the transport call.
        let dead = OutboxLease(holder: "\(ProcessInfo.processInfo.hostName)/\(Int32.max)/gone")
        _ = try outbox.claimDueMessages(limit: 1, for: dead)
        #expect(try outbox.markSending(1, by: dead))
        let transport = RecordingTransport()
        let worker = OutboxWorker(
            store: outbox, transport: transport, clock: FixedClock(now), logger: Logger(label: "test"))
        #expect(try await worker.deliverDue().sent == 1)
        #expect(outbox.messages[1]?.attempts == 2)
    }

    @Test func aMessageAnotherMachinesWorkerHoldsWaitsForItsLeaseToEnd() async throws {
        let clock = SettableClock(now)
        let outbox = FakeOutbox(count: 2, clock: clock)
        let elsewhere = OutboxLease(holder: "elsewhere/1/a", duration: 120)
        _ = try outbox.claimDueMessages(limit: 1, for: elsewhere)
        #expect(try outbox.markSending(1, by: elsewhere))
        let transport = RecordingTransport()
        let worker = OutboxWorker(store: outbox, transport: transport, clock: clock, logger: Logger(label: "test"))
        #expect(try await worker.deliverDue().sent == 1, "only the message nobody holds")
        clock.advance(119)
        #expect(try await worker.deliverDue().sent == 0)
        clock.advance(1)
        #expect(try await worker.deliverDue().sent == 1, "taken over once the lease has run out")
        #expect(transport.sent == [2, 1])
        let late = try outbox.recordDelivery(1, .sent, by: elsewhere, thenSending: nil)
        #expect(!late.recorded, "the worker that lost its lease does not record over the new holder")
    }
}
