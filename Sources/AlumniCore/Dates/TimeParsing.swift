import Foundation

/// Reading times and durations typed by people.
public enum TimeParsing {
    /// Parses `2026-11-20` (the start of that day), `2026-11-20T14:30` or `2026-11-20 14:30`
    /// (local time in `calendar`'s zone), or a full ISO 8601 time with an offset or `Z`.
    public static func instant(_ text: String, in calendar: BusinessCalendar) -> Date? {
        let trimmed = text.trimmingWhitespace()
        if let day = CalendarDate(iso: trimmed) { return calendar.startOfDay(day) }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: trimmed) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = calendar.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"] {
            local.dateFormat = format
            if let date = local.date(from: trimmed) { return date }
        }
        return nil
    }

    /// Parses a duration such as `2d`, `36h`, `90m` or `1w` into seconds.
    public static func duration(_ text: String) -> TimeInterval? {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        guard let unit = compact.last, let count = Double(compact.dropLast()), count >= 0 else { return nil }
        switch unit {
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86_400
        case "w": return count * 604_800
        default: return nil
        }
    }
}
