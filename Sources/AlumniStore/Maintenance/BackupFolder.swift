import AlumniCore
import Foundation

/// A folder of dated backups (`alumni-2026-11-30T0300.sqlite`) of which the newest `keep` stay.
public struct BackupFolder: Sendable {
    public let folder: URL
    public let keep: Int

    public init(folder: URL, keep: Int) {
        self.folder = folder
        self.keep = keep
    }

    /// The file for a backup taken at `now` (UTC, `alumni-2026-11-30T030000.sqlite`): names sort
    /// in time order.
    public func file(at now: Date) -> URL {
        folder.appendingPathComponent("alumni-\(Self.stamp(now)).sqlite")
    }

    /// `2026-11-30T030000`: a moment in UTC for file names.
    static func stamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate, .withTime])
    }

    /// The backups in the folder, oldest first: only files named as this folder names them.
    public func backups() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("alumni-") && $0.hasSuffix(".sqlite") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// Removes all but the newest `keep` backups; returns what it removed.
    public func prune() throws -> [String] {
        let all = try backups()
        let old = all.dropLast(max(keep, 1))
        for url in old { try FileManager.default.removeItem(at: url) }
        return old.map(\.path)
    }
}

extension AlumniDatabase {
    /// A new dated backup in `folder`, and the oldest removed beyond its `keep`.
    public func backup(into folder: BackupFolder) throws -> BackupReport {
        var report = try backup(to: folder.file(at: clock.now()))
        report.removed = try folder.prune()
        return report
    }
}
