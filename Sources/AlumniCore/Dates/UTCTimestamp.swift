import Foundation

/// Formatting instants in UTC by hand: Foundation's formatters are slow when a message or a
/// page of results writes hundreds of them.
public enum UTCTimestamp {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ date: Date) -> (day: CalendarDate, hour: String, minute: String, second: String) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return (CalendarDate(daysSinceEpoch: days), two(time / 3600), two(time % 3600 / 60), two(time % 60))
    }

    /// `2026-11-23T09:05:00Z` (ISO 8601, whole seconds).
    public static func iso8601(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.day)T\(p.hour):\(p.minute):\(p.second)Z"
    }

    /// `Mon, 23 Nov 2026 09:05:00 +0000` (RFC 5322).
    public static func rfc5322(_ date: Date) -> String {
        let p = parts(date)
        let day = p.day.day < 10 ? "0\(p.day.day)" : String(p.day.day)
        return
            "\(weekdays[p.day.isoWeekday - 1]), \(day) \(months[p.day.month - 1]) \(p.day.year) \(p.hour):\(p.minute):\(p.second) +0000"
    }
}
