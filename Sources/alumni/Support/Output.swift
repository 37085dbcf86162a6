import AlumniCore
import Foundation

/// Printing for humans and for scripts.
enum Output {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Prints `value` as pretty JSON on standard output.
    static func json(_ value: some Encodable) throws {
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Writes a line to standard error (progress, warnings), never mixed into the output.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A plain text table with left-aligned columns sized to their content.
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    static let timestamp: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter
    }()

    /// A time in the organisation's zone as `YYYY-MM-DD HH:MM`. A deadline (`deadline: true`)
    /// at midnight shows as the end of the day before (`24:00`), which is how people read it.
    static func local(_ date: Date, _ calendar: BusinessCalendar, deadline: Bool = false) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let day = calendar.day(of: date)
        if deadline, calendar.startOfDay(day) == date { return "\(day.adding(days: -1)) 24:00" }
        return formatter.string(from: date)
    }

    /// A UTC time as `YYYY-MM-DD HH:MM`.
    static func time(_ date: Date) -> String { timestamp.string(from: date) + " UTC" }
}
