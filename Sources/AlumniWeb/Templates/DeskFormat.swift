import AlumniCore
import Foundation

/// Dates and spans as the desk shows them, in the organisation's time zone.
enum DeskFormat {
    /// "2026-11-30 14:05", by ``LocalTime`` rather than `Calendar`.
    static func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        let local = LocalTime(date, in: timeZone)
        let second = local.secondOfDay
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(local.date) \(two(second / 3600)):\(two(second % 3600 / 60))"
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
