import Foundation

/// A bounded queue between one producing thread and one consuming thread. The producer waits
/// while it is full, so memory stays flat; the consumer waits while it is empty.
final class Handoff<Element: Sendable>: @unchecked Sendable {
    // Every stored property below is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Element] = []
    private var outcome: Result<Void, any Error>?
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Hands `item` over, waiting for room; false once the consumer has given up.
    func put(_ item: Element) -> Bool {
        condition.withLock {
            while items.count >= capacity && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }
    }

    /// Called once by the producer when it has nothing more, or failed.
    func finish(_ outcome: Result<Void, any Error>) {
        condition.withLock {
            self.outcome = outcome
            condition.broadcast()
        }
    }

    /// The next item; nil once the producer finished and everything was taken. Throws the
    /// producer's error after the items it handed over before failing.
    func take() throws -> Element? {
        try condition.withLock {
            while items.isEmpty && outcome == nil { condition.wait() }
            if !items.isEmpty {
                condition.broadcast()
                return items.removeFirst()
            }
            try outcome?.get()
            return nil
        }
    }

    /// Tells the producer to stop and waits until it has, so nothing it uses is released under it.
    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
            while outcome == nil { condition.wait() }
        }
    }
}
