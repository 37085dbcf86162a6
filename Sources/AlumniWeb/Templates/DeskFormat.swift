import AlumniCore
import Foundation

/// Dates and spans as the desk shows them, in the organisation's time zone.
enum DeskFormat {
    /// "2026-11-30 14:05".
    static func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
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
