import AlumniCore
import Foundation

/// Dates and spans as the desk shows them, in the organisation's time zone.
enum DeskFormat {
    /// "2026-11-30 14:05". Worked out from the zone's offset at that moment rather than
    /// through `Calendar`, which cost more than the rest of a queue row.
    static func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        let local = Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        let (days, seconds) = local.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = seconds < 0 ? (days - 1, seconds + 86_400) : (days, seconds)
        let (year, month, dayOfMonth) = civilDate(daysSinceEpoch: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(dayOfMonth)) \(two(second / 3600)):\(two(second % 3600 / 60))"
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// How a deadline stands, in the reader's words: "due in 2d 4h", "overdue by 3d".
    static func deadline(_ state: DeadlineState, now: Date, _ catalog: Catalog) -> String {
        switch state {
        case .met(_, let onTime): catalog(onTime ? "deadline.met" : "deadline.metLate")
        case .due(let at): catalog("deadline.dueIn", ["time": DeadlineState.span(at.timeIntervalSince(now))])
        case .overdue(let since):
            catalog("deadline.overdueBy", ["time": DeadlineState.span(now.timeIntervalSince(since))])
        case .paused: catalog("deadline.paused")
        case .closed: catalog("deadline.closed")
        }
    }
}

/// A text for a template section: false when there is nothing to show, since Mustache shows
/// the section of an empty string.
func shown(_ text: String?) -> PageValue {
    guard let text, !text.isEmpty else { return false }
    return .text(text)
}
