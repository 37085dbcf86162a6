import Foundation

/// A time of day at which something happens every day (a backup, a retention run).
public struct DailyTime: Sendable, Equatable {
    /// Minutes after midnight.
    public var minuteOfDay: Int

    public init(minuteOfDay: Int) { self.minuteOfDay = minuteOfDay }

    /// `03:00`, or nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        minuteOfDay = hour * 60 + minute
    }

    /// The first moment after `now` at this time of day in `timeZone`.
    public func next(after now: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var candidate = calendar.date(byAdding: .minute, value: minuteOfDay, to: calendar.startOfDay(for: now))!
        if candidate <= now { candidate = calendar.date(byAdding: .day, value: 1, to: candidate)! }
        return candidate
    }
}
