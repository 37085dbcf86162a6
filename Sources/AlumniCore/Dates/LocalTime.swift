import Foundation

/// Where an instant falls on a time zone's clock: the day, and the seconds since that day's
/// midnight. Worked out from the zone's offset at the instant, without `Calendar`, whose
/// answer cost a queue page more than the rest of a row.
public struct LocalTime: Equatable, Sendable {
    public let date: CalendarDate
    /// 0 ..< 86,400 (a day of a clock change has one hour more or less, not other seconds).
    public let secondOfDay: Int

    public init(_ instant: Date, in timeZone: TimeZone) {
        let offset = Double(timeZone.secondsFromGMT(for: instant))
        let local = Int((instant.timeIntervalSince1970 + offset).rounded(.down))
        let (days, seconds) = local.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = seconds < 0 ? (days - 1, seconds + 86_400) : (days, seconds)
        date = CalendarDate(daysSinceEpoch: day)
        secondOfDay = second
    }
}
