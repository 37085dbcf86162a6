import AlumniCore
import Foundation

/// The months of a report's period, `YYYY-MM`, oldest first, in the organisation's calendar.
struct ReportMonths {
    let months: [String]

    /// The months from `from`'s through `to`'s (none when `to` is earlier).
    init(from: CalendarDate, to: CalendarDate) {
        var months: [String] = []
        var month = Self.first(of: from)
        while month <= to {
            months.append(String(month.description.prefix(7)))
            month = month.adding(months: 1)
        }
        self.months = months
    }

    /// The first day of `date`'s month.
    static func first(of date: CalendarDate) -> CalendarDate {
        date.adding(days: 1 - date.day)
    }

    /// `YYYY-MM` of the day `instant` falls on in `calendar`'s time zone.
    static func month(of instant: Date, in calendar: BusinessCalendar) -> String {
        String(calendar.day(of: instant).description.prefix(7))
    }
}
