import AlumniCore
import Foundation

/// When `alumni serve` makes its daily backup: a time of day in the organisation's time zone,
/// into a folder of dated backups.
public struct BackupSchedule: Sendable, Equatable {
    public var folder: String
    public var time: DailyTime
    public var keep: Int

    public init(folder: String, time: DailyTime, keep: Int) {
        self.folder = folder
        self.time = time
        self.keep = keep
    }
}
