import Foundation
import Testing

@testable import AlumniWeb

@Suite("Desk: dates as pages show them")
struct DeskFormatTests {
    /// What `Calendar` says, the slow way the desk no longer takes.
    private func expected(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    @Test(arguments: ["Europe/Copenhagen", "Europe/London", "America/New_York", "Asia/Kolkata", "UTC"])
    func localTimesMatchTheCalendarAcrossDaylightSaving(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        // Every 7 hours 13 minutes and 17 seconds from 1969 to 2040: every month, leap days and
        // daylight-saving changes, whole minutes and moments between them.
        var instant = -86_400.0 * 400
        while instant < 2_210_000_000 {
            let date = Date(timeIntervalSince1970: instant)
            #expect(DeskFormat.dateTime(date, in: zone) == expected(date, zone), "\(date) in \(zoneName)")
            instant += 7 * 3600 + 13 * 60 + 17.5
        }
    }
}
