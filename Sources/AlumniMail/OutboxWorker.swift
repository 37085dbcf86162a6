import AlumniCore
import Foundation
import Logging
import Synchronization

/// Delivers due outbox messages through a transport: claims a batch for its lease, marks each
/// as sending (if the claim still holds), hands it over, then records it sent, or failed with a
/// retry after an exponential backoff, or failed for good after the last attempt. Workers of
/// several servers on one database claim disjoint batches. A message left `sending` by a killed
/// process is sent again once its lease ends: the one window where a message can go out twice
/// is a kill during the transport call itself.
public struct OutboxWorker: Sendable {
    public let store: any OutboxStore
    public let transport: any MailTransport
    public let clock: any WallClock
    /// Attempts before a message is marked failed.
    public var maxAttempts = 5
    /// Wait after the first failure; doubled after each further one.
    public var backoff: TimeInterval = 60
    /// Called after each message is recorded sent, with the running count (progress, fault tests).
    public var onSent: @Sendable (Int) -> Void = { _ in }
    /// Who holds this worker's claims: this process, unless a test says otherwise.
    public var lease = OutboxLease.thisProcess()
    let logger: Logger

    public init(store: any OutboxStore, transport: any MailTransport, clock: any WallClock, logger: Logger) {
        self.store = store
        self.transport = transport
        self.clock = clock
        self.logger = logger
    }

    /// What one pass did.
    public struct Report: Sendable, Encodable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0

        public init(sent: Int = 0, retrying: Int = 0, failed: Int = 0) {
            self.sent = sent
            self.retrying = retrying
            self.failed = failed
        }
    }

    /// Sends every message due now, `batch` at a time, until none is left, keeping as many
    /// messages in flight as the transport can carry. Each lane records a message and marks
    /// its next one sending in one commit, so a crash resends at most the messages in flight.
    /// A transport that cannot send at all (``TransportError/Kind/unavailable``) ends the
    /// pass with its error once the messages in flight are recorded. Either way the transport
    /// closes what it keeps open (its connections) when the pass ends.
    public func deliverDue(batch: Int = 500) async throws -> Report {
        do {
            let report = try await deliverEveryDue(batch: batch)
            await transport.shutdown()
            return report
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    private func deliverEveryDue(batch: Int) async throws -> Report {
        let progress = Progress()
        var seen = Set<Int64>()
        while true {
            let due = try await store.claimDueMessages(limit: batch, for: lease).filter { !seen.contains($0.id) }
            guard !due.isEmpty else { return progress.report.withLock { $0 } }
            seen.formUnion(due.map(\.id))
            let queue = Queue(due)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<min(max(1, transport.parallelism), due.count) {
                    group.addTask { try await deliverInTurn(from: queue, progress: progress) }
                }
                try await group.waitForAll()
            }
        }
    }

    /// The messages of one batch, shared by the lanes.
    private final class Queue: Sendable {
        let messages: Mutex<ArraySlice<OutboxMessage>>
        init(_ messages: [OutboxMessage]) { self.messages = Mutex(messages[...]) }
    }

    /// The pass's counts, shared by the lanes.
    private final class Progress: Sendable {
        let report = Mutex(Report())
    }

    /// One lane: takes messages from `queue` until it is empty, skipping those whose claim
    /// another holder has taken over meanwhile.
    private func deliverInTurn(from queue: Queue, progress: Progress) async throws {
        let take = { Task.isCancelled ? nil : queue.messages.withLock { $0.popFirst() } }
        var message = try await nextHeld(take)
        while let current = message {
            let next = take()
            let nextHeld = try await deliver(current, thenSending: next?.id, progress: progress)
            if let next, !nextHeld { lostClaim(next.id) }
            message = nextHeld ? next : try await self.nextHeld(take)
        }
    }

    /// The next message of the batch still held, marked sending.
    private func nextHeld(_ take: () -> OutboxMessage?) async throws -> OutboxMessage? {
        while let message = take() {
            if try await store.markSending(message.id, by: lease) { return message }
            lostClaim(message.id)
        }
        return nil
    }

    private func lostClaim(_ id: Int64) {
        logger.notice("claim taken over by another worker", metadata: ["outbox.id": .stringConvertible(id)])
    }

    /// Sends one message and records the outcome; returns whether `next` is held and marked sending.
    private func deliver(_ message: OutboxMessage, thenSending next: Int64?, progress: Progress) async throws -> Bool {
        var failure: TransportError?
        do {
            try await transport.send(message)
        } catch let error as TransportError {
            failure = error
        } catch {
            failure = TransportError(String(describing: error))
        }
        guard let failure else {
            let recorded = try await store.recordDelivery(message.id, .sent, by: lease, thenSending: next)
            if !recorded.recorded { lostClaim(message.id) }
            onSent(
                progress.report.withLock {
                    $0.sent += 1; return $0.sent
                })
            return recorded.nextHeld
        }
        let attempt = message.attempts + 1
        let retryAt =
            failure.kind != .permanent && attempt < maxAttempts
            ? clock.now().addingTimeInterval(backoff * pow(2, Double(attempt - 1))) : nil
        let stop = failure.kind == .unavailable
        let recorded = try await store.recordDelivery(
            message.id, .failed(reason: failure.description, retryAt: retryAt), by: lease,
            thenSending: stop ? nil : next)
        if !recorded.recorded { lostClaim(message.id) }
        progress.report.withLock { if retryAt == nil { $0.failed += 1 } else { $0.retrying += 1 } }
        logger.warning(
            "delivery failed",
            metadata: [
                "outbox.id": .stringConvertible(message.id), "attempt": .stringConvertible(attempt),
                "failure": "\(failure.kind)",
            ])
        if stop { throw failure }
        return recorded.nextHeld
    }
}
