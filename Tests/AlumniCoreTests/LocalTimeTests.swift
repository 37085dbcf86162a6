import AlumniCore
import Foundation
import Testing

/// `LocalTime` answers what `Calendar` answers, around clock changes and in zones whose offsets
/// are not whole hours.
@Suite struct LocalTimeTests {
    @Test(arguments: ["Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"])
    func theDayAndTimeAreTheCalendars(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Every 37 minutes and 13 seconds through 2025 and 2026 (both clock changes of each year
        // in the zones that have them), and a few instants before 1970.
        let instants =
            stride(from: 1_735_689_600.0, to: 1_798_761_600.0, by: 2_233.0).map(Date.init(timeIntervalSince1970:))
            + [-1.0, -86_400.5, -1_000_000_000.25].map(Date.init(timeIntervalSince1970:))
        for instant in instants {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            let local = LocalTime(instant, in: timeZone)
            #expect(local.date == CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(instant)")
            #expect(local.secondOfDay == parts.hour! * 3600 + parts.minute! * 60 + parts.second!, "\(instant)")
        }
    }
}
