import AlumniCore
import Foundation
import Testing

@Suite struct UTCTimestampTests {
    /// 1970, now, a fraction before a second, before 1970, a leap day, the last second of 9999.
    @Test(
        arguments: [0, 1_795_483_684, 1_795_483_684.999, -1, -1_892_163_723, 951_782_400, 253_402_300_799] as [Double])
    func iso8601MatchesFoundationsFormatter(seconds: Double) {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let instant = Date(timeIntervalSince1970: seconds)
        let wholeSeconds = Date(timeIntervalSince1970: seconds.rounded(.down))
        #expect(UTCTimestamp.iso8601(instant) == formatter.string(from: wholeSeconds))
    }

    @Test func rfc5322HasTheDayNameAndAZeroPaddedDay() {
        #expect(UTCTimestamp.rfc5322(Date(timeIntervalSince1970: 1_793_955_900)) == "Fri, 06 Nov 2026 09:05:00 +0000")
    }

    @Test func datesArePaddedToFourDigitYears() {
        #expect(CalendarDate(year: 5, month: 3, day: 9)?.description == "0005-03-09")
        #expect(CalendarDate(year: 999, month: 12, day: 31)?.description == "0999-12-31")
        #expect(CalendarDate(year: 9999, month: 1, day: 1)?.description == "9999-01-01")
    }
}
