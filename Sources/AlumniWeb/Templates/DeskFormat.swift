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
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(CalendarDate(daysSinceEpoch: day)) \(two(second / 3600)):\(two(second % 3600 / 60))"
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
