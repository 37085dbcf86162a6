import Foundation

/// A folder of a test's own under the system's temporary folder, removed with everything in
/// it when the last reference to it goes away.
public final class TemporaryFolder: Sendable {
    public let url: URL

    /// A new, empty folder named `prefix-UUID`.
    public init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public var path: String { url.path }

    /// The URL of `name` inside the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}
