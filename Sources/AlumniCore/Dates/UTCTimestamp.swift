import Foundation

/// Formatting instants in UTC by hand: Foundation's formatters are slow when a message or a
/// page of results writes hundreds of them.
public enum UTCTimestamp {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ date: Date) -> (day: CalendarDate, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        return (CalendarDate(daysSinceEpoch: days), time / 3600, time % 3600 / 60, time % 60)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// `2026-11-23T09:05:00Z` (ISO 8601, whole seconds). Written digit by digit: a page of
    /// inquiries writes hundreds, and string interpolation was most of their cost.
    public static func iso8601(_ date: Date) -> String {
        let p = parts(date)
        guard (0...9999).contains(p.day.year) else {
            return "\(p.day)T\(two(p.hour)):\(two(p.minute)):\(two(p.second))Z"
        }
        return String(unsafeUninitializedCapacity: 20) { text in
            p.day.write(into: text)
            text[10] = UInt8(ascii: "T")
            FixedDigits.write(p.hour, width: 2, into: text, at: 11)
            text[13] = UInt8(ascii: ":")
            FixedDigits.write(p.minute, width: 2, into: text, at: 14)
            text[16] = UInt8(ascii: ":")
            FixedDigits.write(p.second, width: 2, into: text, at: 17)
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// `Mon, 23 Nov 2026 09:05:00 +0000` (RFC 5322).
    public static func rfc5322(_ date: Date) -> String {
        let p = parts(date)
        return
            "\(weekdays[p.day.isoWeekday - 1]), \(two(p.day.day)) \(months[p.day.month - 1]) \(p.day.year) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) +0000"
    }
}
