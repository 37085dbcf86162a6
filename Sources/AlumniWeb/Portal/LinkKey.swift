import AlumniStore
import Foundation

/// The key signed links are checked with. It never changes, so it is read from the store once:
/// when the portal is built where that can wait (SQLite), else on the first link opened.
final class LinkKey: @unchecked Sendable {
    private let store: Store
    private let lock = NSLock()
    private var key: Data?

    init(store: Store, known key: Data? = nil) {
        self.store = store
        self.key = key
    }

    func value() async throws -> Data {
        if let key = lock.withLock({ key }) { return key }
        let read = try await store.linkSigningKey()
        lock.withLock { key = read }
        return read
    }
}
