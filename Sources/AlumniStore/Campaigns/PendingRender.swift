import AlumniCore
import Foundation

/// A batch of campaign messages being rendered on every core while the batch before is
/// written: rendering is most of a campaign's work and needs no database. `messages()` waits
/// for them.
final class PendingRender: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var results: [Result<NewOutboxMessage, any Error>?]

    init(_ recipients: [CampaignRecipient], renderer: any CampaignRenderer) {
        results = Array(repeating: nil, count: recipients.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, recipients.count))
        for worker in 0..<workers {
            DispatchQueue.global().async(group: group) {
                for index in stride(from: worker, to: recipients.count, by: workers) {
                    let result = Result { try renderer.message(for: recipients[index]) }
                    self.lock.withLock { self.results[index] = result }
                }
            }
        }
    }

    /// The messages in the recipients' order, the thread blocked until they are; the first error wins.
    func messages() throws -> [NewOutboxMessage] {
        group.wait()
        return try collected()
    }

    /// The messages in the recipients' order, once they are; the first error wins.
    func messages() async throws -> [NewOutboxMessage] {
        await withCheckedContinuation { continuation in
            group.notify(queue: .global()) { continuation.resume() }
        }
        return try collected()
    }

    private func collected() throws -> [NewOutboxMessage] {
        try lock.withLock { try results.map { try $0!.get() } }
    }
}
