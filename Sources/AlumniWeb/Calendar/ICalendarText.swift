import Foundation

/// iCalendar (RFC 5545) text: content lines escaped, folded at 75 octets, ended by CRLF.
struct ICalendarText {
    private(set) var text = ""

    /// Adds `name:value` with `value` written as is (dates, numbers, durations, URIs).
    mutating func line(_ name: String, _ value: String) {
        fold(name + ":" + value)
    }

    /// Adds `name:value` with `value` escaped as TEXT (backslash, semicolon, comma, newline).
    mutating func text(_ name: String, _ value: String) {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
        line(name, escaped)
    }

    /// Splits a line longer than 75 octets into continuation lines (CRLF and a space), never
    /// inside a UTF-8 character.
    private mutating func fold(_ line: String) {
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > 75 {
                text += "\r\n "
                octets = 1
            }
            text.append(character)
            octets += size
        }
        text += "\r\n"
    }

    /// `date` in UTC: `20261120T160000Z`.
    static func utc(_ date: Date) -> String {
        stamp(date, in: TimeZone(identifier: "UTC")!) + "Z"
    }

    /// `date` as local time in `zone`, without a zone: `20261120T170000`.
    static func stamp(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }
}
