import AlumniCore
import Testing

@Suite struct CalendarSumTests {
    private let calendar = BusinessCalendar(country: .DK)
    private func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func answersWithinTheKnownYears() throws {
        #expect(try CalendarSum.end(of: .months(1), from: date("2024-01-31"), in: calendar) == date("2024-02-29"))
        #expect(try CalendarSum.end(of: .businessDays(1), from: date("1900-01-02"), in: calendar) == date("1900-01-03"))
    }

    @Test func refusesWhatItCannotAnswerTruthfully() {
        #expect(throws: CalendarSum.Refusal.startOutsideKnownYears(date("0544-03-02"))) {
            try CalendarSum.end(of: .businessDays(3), from: date("0544-03-02"), in: calendar)
        }
        #expect(throws: CalendarSum.Refusal.spanTooLong(.businessDays(10_001))) {
            try CalendarSum.end(of: .businessDays(10_001), from: date("2026-01-01"), in: calendar)
        }
        #expect(throws: CalendarSum.Refusal.spanTooLong(.months(-1))) {
            try CalendarSum.end(of: .months(-1), from: date("2026-01-01"), in: calendar)
        }
        #expect(throws: CalendarSum.Refusal.endOutsideKnownYears(date("2201-01-01"))) {
            try CalendarSum.end(of: .months(7), from: date("2200-06-01"), in: calendar)
        }
    }
}
