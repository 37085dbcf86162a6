import AlumniCore
import Foundation
import Testing

@Suite struct BusinessCalendarTests {
    private let denmark = BusinessCalendar(country: .DK)
    private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func skipsWeekendsAndHolidays() {
        // Thursday before Easter 2025: Maundy Thursday, Good Friday, the weekend and Easter Monday are off.
        #expect(denmark.adding(businessDays: 1, to: day("2025-04-16")) == day("2025-04-22"))
        #expect(denmark.adding(businessDays: 3, to: day("2025-11-21")) == day("2025-11-26"))  // Friday + 3
        #expect(denmark.adding(businessDays: 0, to: day("2025-11-22")) == day("2025-11-24"))  // Saturday → Monday
        #expect(denmark.businessDays(after: day("2025-04-16"), through: day("2025-04-22")) == 1)
    }

    @Test func closingDaysComeOnTop() {
        let closed = BusinessCalendar(country: .DK, closingDays: [day("2025-12-24"): "Christmas Eve"])
        #expect(denmark.isBusinessDay(day("2025-12-24")))
        #expect(!closed.isBusinessDay(day("2025-12-24")))
        #expect(closed.adding(businessDays: 1, to: day("2025-12-23")) == day("2025-12-29"))
    }

    @Test func monthsClampToTheMonthEndAndRollToABusinessDay() {
        // 31 January + 1 month = 28 February 2025, a Friday.
        #expect(denmark.adding(months: 1, to: day("2025-01-31")) == day("2025-02-28"))
        // 2024 is a leap year: 29 February is a Thursday.
        #expect(denmark.adding(months: 1, to: day("2024-01-31")) == day("2024-02-29"))
        // 30 November 2025 is a Sunday: the period ends on Monday 1 December.
        #expect(denmark.adding(months: 1, to: day("2025-10-30")) == day("2025-12-01"))
        // Landing on Christmas Day rolls past Boxing Day and the weekend to Monday 29 December.
        #expect(denmark.adding(months: 1, to: day("2025-11-25")) == day("2025-12-29"))
    }

    @Test func greatPrayerDayCountsAsABusinessDayFrom2024() {
        #expect(!denmark.isBusinessDay(day("2023-05-05")))
        #expect(denmark.isBusinessDay(day("2024-04-26")))
    }

    @Test func deadlinesEndAtLocalMidnightAcrossDaylightSavingChanges() {
        // Europe/Copenhagen leaves summer time on 26 October 2025: that day has 25 hours.
        let start = denmark.startOfDay(day("2025-10-26"))
        #expect(denmark.endOfDay(day("2025-10-26")).timeIntervalSince(start) == 25 * 3600)
        #expect(
            denmark.endOfDay(day("2025-03-30")).timeIntervalSince(denmark.startOfDay(day("2025-03-30"))) == 23 * 3600)
        // 23:30 local on 31 March is still 31 March, though it is 21:30 UTC.
        let lateEvening = denmark.startOfDay(day("2025-03-31")).addingTimeInterval(23.5 * 3600)
        #expect(denmark.day(of: lateEvening) == day("2025-03-31"))
    }
}

@Suite struct TimeParsingTests {
    private let calendar = BusinessCalendar(country: .DK)

    @Test func readsDatesLocalTimesAndISOInstants() throws {
        let midnight = try #require(TimeParsing.instant("2025-06-02", in: calendar))
        #expect(calendar.day(of: midnight) == CalendarDate(iso: "2025-06-02"))
        let local = try #require(TimeParsing.instant("2025-06-02 14:30", in: calendar))
        #expect(local.timeIntervalSince(midnight) == 14.5 * 3600)
        let utc = try #require(TimeParsing.instant("2025-06-02T12:30:00Z", in: calendar))
        #expect(utc == local)
        #expect(TimeParsing.instant("yesterday", in: calendar) == nil)
    }

    @Test func readsDurations() {
        #expect(TimeParsing.duration("2d") == 172_800)
        #expect(TimeParsing.duration("36h") == 129_600)
        #expect(TimeParsing.duration("1w") == 604_800)
        #expect(TimeParsing.duration("2x") == nil)
        #expect(DeadlineSpan("2months") == .months(2))
        #expect(DeadlineSpan("3 bd") == .businessDays(3))
        #expect(DeadlineSpan("soon") == nil)
    }
}

@Suite struct BusinessHoursTests {
    private let denmark = BusinessCalendar(country: .DK)

    private func local(_ text: String) -> Date { TimeParsing.instant(text, in: denmark)! }

    @Test func hoursOfWeekendsAndClosingDaysDoNotCount() {
        // Monday 23 November 2026, 10:00 in Copenhagen.
        let monday = local("2026-11-23T10:00")
        #expect(denmark.instant(businessHours: 4, before: monday) == local("2026-11-23T06:00"))
        #expect(denmark.instant(businessHours: 24, before: monday) == local("2026-11-20T10:00"))
        let closed = BusinessCalendar(country: .DK, closingDays: [CalendarDate(iso: "2026-11-20")!: "Move"])
        #expect(closed.instant(businessHours: 24, before: monday) == local("2026-11-19T10:00"))
        #expect(denmark.instant(businessHours: 0, before: monday) == monday)
    }
}
