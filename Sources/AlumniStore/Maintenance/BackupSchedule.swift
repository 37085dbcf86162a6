import AlumniCore
import Foundation

/// When `alumni serve` makes its daily backup: a time of day in the organisation's time zone,
/// into a folder of dated backups.
public struct BackupSchedule: Sendable, Equatable {
    public var folder: String
    /// Minutes after midnight.
    public var minuteOfDay: Int
    public var keep: Int

    public init(folder: String, minuteOfDay: Int, keep: Int) {
        self.folder = folder
        self.minuteOfDay = minuteOfDay
        self.keep = keep
    }

    /// The first moment after `now` at the schedule's time of day in `timeZone`.
    public func next(after now: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        var candidate = calendar.date(byAdding: .minute, value: minuteOfDay, to: today)!
        if candidate <= now { candidate = calendar.date(byAdding: .day, value: 1, to: candidate)! }
        return candidate
    }
}
