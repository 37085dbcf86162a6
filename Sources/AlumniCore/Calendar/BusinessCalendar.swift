import Foundation

/// The organisation's working days: a country's public holidays, its weekend, its own
/// closing days, and its time zone. All deadline arithmetic goes through here.
public struct BusinessCalendar: Sendable {
    public let country: HolidayCountry
    /// ISO weekdays that are not worked (6 = Saturday, 7 = Sunday).
    public let weekendDays: Set<Int>
    /// The organisation's own closing days (Christmas Eve, a company day …), with reasons.
    public let closingDays: [CalendarDate: String]
    public let timeZone: TimeZone
    private let holidayDays: Set<Int>
    private let gregorian: Calendar

    public init(
        country: HolidayCountry, timeZone: TimeZone = TimeZone(identifier: "Europe/Copenhagen")!,
        weekendDays: Set<Int> = [6, 7], closingDays: [CalendarDate: String] = [:]
    ) {
        self.country = country
        self.timeZone = timeZone
        self.weekendDays = weekendDays
        self.closingDays = closingDays
        holidayDays = country.holidayDays
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        self.gregorian = gregorian
    }

    /// True when the organisation works on `date`.
    public func isBusinessDay(_ date: CalendarDate) -> Bool {
        !weekendDays.contains(date.isoWeekday) && !holidayDays.contains(date.daysSinceEpoch)
            && closingDays[date] == nil
    }

    /// The `count`-th business day after `date` (not counting `date` itself). With a count of
    /// zero: `date` when it is a business day, else the next one.
    public func adding(businessDays count: Int, to date: CalendarDate) -> CalendarDate {
        var day = date
        if count == 0 { return nextBusinessDay(onOrAfter: day) }
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if isBusinessDay(day) { remaining -= 1 }
        }
        return day
    }

    /// `count` calendar months after `date`, clamped to the month end, then moved forward to
    /// a business day when it falls on a weekend, holiday or closing day (the rule of EU
    /// Regulation 1182/71 that GDPR periods follow).
    public func adding(months count: Int, to date: CalendarDate) -> CalendarDate {
        nextBusinessDay(onOrAfter: date.adding(months: count))
    }

    /// `date` if it is a business day, else the first business day after it.
    public func nextBusinessDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var day = date
        while !isBusinessDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// How many business days lie after `start` up to and including `end` (0 when `end` is not later).
    public func businessDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isBusinessDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    // MARK: - Instants and days in the organisation's time zone

    /// The day `instant` falls on in the organisation's time zone.
    public func day(of instant: Date) -> CalendarDate {
        LocalTime(instant, in: timeZone).date
    }

    /// The first instant of `date` in the organisation's time zone (local midnight).
    public func startOfDay(_ date: CalendarDate) -> Date {
        gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
    }

    /// The end of `date` in the organisation's time zone: the instant the next day begins.
    /// A deadline on `date` is met by anything before this instant.
    public func endOfDay(_ date: CalendarDate) -> Date {
        startOfDay(date.adding(days: 1))
    }

    /// The instant `hours` business hours before `instant`: hours of weekends and closing days
    /// do not count (a reminder 4 business hours before Monday 10:00 rings on Monday at 06:00,
    /// 24 before it on Friday at 10:00).
    public func instant(businessHours hours: Int, before instant: Date) -> Date {
        var remaining = TimeInterval(max(0, hours)) * 3600
        var cursor = instant
        // A year of closing days at most: past that, the hours run out on calendar time.
        for _ in 0..<366 where remaining > 0 {
            let day = day(of: cursor.addingTimeInterval(-1))
            let start = startOfDay(day)
            if isBusinessDay(day) {
                let available = cursor.timeIntervalSince(start)
                if available >= remaining { return cursor.addingTimeInterval(-remaining) }
                remaining -= available
            }
            cursor = start
        }
        return cursor.addingTimeInterval(-remaining)
    }
}
