import AlumniCore
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: ["2024-02-29", "1900-01-01", "2200-12-31", "0999-06-15"])
    func parsesAndPrintsValidDates(text: String) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01", "2024/01/01", "2024-1-01", "",
    ])
    func refusesImpossibleOrMalformedDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func daysSinceEpochRoundTripsOverCenturies() {
        for days in stride(from: -40_000, through: 90_000, by: 37) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
    }

    @Test func knowsTheWeekday() {
        #expect(CalendarDate(iso: "2026-11-23")!.isoWeekday == 1)  // a Monday
        #expect(CalendarDate(iso: "2024-12-25")!.isoWeekday == 3)  // a Wednesday
        #expect(CalendarDate(iso: "1900-01-01")!.isoWeekday == 1)
    }

    @Test func monthArithmeticClampsToTheMonthEnd() {
        #expect(CalendarDate(iso: "2023-01-31")!.adding(months: 1).description == "2023-02-28")
        #expect(CalendarDate(iso: "2024-01-31")!.adding(months: 1).description == "2024-02-29")
        #expect(CalendarDate(iso: "2024-03-31")!.adding(months: -1).description == "2024-02-29")
        #expect(CalendarDate(iso: "2024-11-15")!.adding(months: 2).description == "2025-01-15")
        #expect(CalendarDate(iso: "2024-01-15")!.adding(months: -13).description == "2022-12-15")
    }

    @Test func comparesChronologically() {
        #expect(CalendarDate(iso: "2023-12-31")! < CalendarDate(iso: "2024-01-01")!)
        #expect(CalendarDate(iso: "2024-01-01")!.days(until: CalendarDate(iso: "2025-01-01")!) == 366)
    }
}
