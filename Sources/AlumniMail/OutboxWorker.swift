import AlumniCore
import Foundation
import Logging

/// Delivers due outbox messages through a transport: marks each as sending, hands it over,
/// then records it sent, or failed with a retry after an exponential backoff, or failed for
/// good after the last attempt. A message left `sending` by a killed process is sent again:
/// the one window where a message can go out twice is a kill during the transport call itself.
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

    /// Sends every message due now, `batch` at a time, until none is left.
    public func deliverDue(batch: Int = 500) async throws -> Report {
        var report = Report()
        var seen = Set<Int64>()
        while true {
            let due = try store.dueOutboxMessages(limit: batch).filter { !seen.contains($0.id) }
            guard let first = due.first else { return report }
            try store.markSending(first.id)
            for (index, message) in due.enumerated() {
                seen.insert(message.id)
                let next = index + 1 < due.count ? due[index + 1].id : nil
                try await deliver(message, thenSending: next, into: &report)
            }
        }
    }

    private func deliver(_ message: OutboxMessage, thenSending next: Int64?, into report: inout Report) async throws {
        let attempt = message.attempts + 1
        do {
            try await transport.send(message)
            try store.recordDelivery(message.id, .sent, thenSending: next)
            report.sent += 1
            onSent(report.sent)
        } catch {
            let reason = String(describing: error)
            let retryAt =
                attempt < maxAttempts ? clock.now().addingTimeInterval(backoff * pow(2, Double(attempt - 1))) : nil
            try store.recordDelivery(message.id, .failed(reason: reason, retryAt: retryAt), thenSending: next)
            if retryAt == nil { report.failed += 1 } else { report.retrying += 1 }
            logger.warning(
                "delivery failed",
                metadata: ["outbox.id": .stringConvertible(message.id), "attempt": .stringConvertible(attempt)])
        }
    }
}
