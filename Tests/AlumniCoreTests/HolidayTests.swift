import AlumniCore
import Testing

@Suite struct EasterTests {
    /// Easter Sunday from published tables of Western Easter dates.
    @Test(arguments: [
        "1900-04-15", "1913-03-23", "1943-04-25", "1961-04-02", "2000-04-23", "2008-03-23", "2011-04-24",
        "2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22",
    ])
    func matchesThePublishedTable(date: String) {
        let expected = CalendarDate(iso: date)!
        #expect(Easter.sunday(in: expected.year) == expected)
    }

    @Test func isAlwaysASundayBetween22MarchAnd25April() {
        for year in HolidayCountry.supportedYears {
            let easter = Easter.sunday(in: year)
            #expect(easter.isoWeekday == 7)
            #expect(
                easter >= CalendarDate(year: year, month: 3, day: 22)!
                    && easter <= CalendarDate(year: year, month: 4, day: 25)!)
        }
    }
}

@Suite struct HolidayTests {
    private func dates(_ country: HolidayCountry, _ year: Int) -> [String] {
        country.holidays(in: year).map(\.date.description)
    }

    private func expected(_ year: Int, _ days: String) -> [String] {
        days.split(separator: " ").map { "\(year)-\($0)" }
    }

    // Official lists: borger.dk / Helligdagsloven (DK), lovdata.no (NO), riksdagen.se lag 1989:253 (SE),
    // almanakka.helsinki.fi (FI), bmi.bund.de (DE), rijksoverheid.nl / Algemene termijnenwet (NL),
    // gov.uk/bank-holidays (GB).
    @Test(arguments: [
        (HolidayCountry.DK, 2023, "01-01 04-06 04-07 04-09 04-10 05-05 05-18 05-28 05-29 12-25 12-26"),
        (.DK, 2024, "01-01 03-28 03-29 03-31 04-01 05-09 05-19 05-20 12-25 12-26"),
        (.DK, 2025, "01-01 04-17 04-18 04-20 04-21 05-29 06-08 06-09 12-25 12-26"),
        (.NO, 2024, "01-01 03-28 03-29 03-31 04-01 05-01 05-09 05-17 05-19 05-20 12-25 12-26"),
        (.NO, 2025, "01-01 04-17 04-18 04-20 04-21 05-01 05-17 05-29 06-08 06-09 12-25 12-26"),
        (.NO, 2026, "01-01 04-02 04-03 04-05 04-06 05-01 05-14 05-17 05-24 05-25 12-25 12-26"),
        (.SE, 2004, "01-01 01-06 04-09 04-11 04-12 05-01 05-20 05-30 05-31 06-26 11-06 12-25 12-26"),
        (.SE, 2024, "01-01 01-06 03-29 03-31 04-01 05-01 05-09 05-19 06-06 06-22 11-02 12-25 12-26"),
        (.SE, 2025, "01-01 01-06 04-18 04-20 04-21 05-01 05-29 06-06 06-08 06-21 11-01 12-25 12-26"),
        (.FI, 2024, "01-01 01-06 03-29 03-31 04-01 05-01 05-09 05-19 06-21 06-22 11-02 12-06 12-24 12-25 12-26"),
        (.FI, 2025, "01-01 01-06 04-18 04-20 04-21 05-01 05-29 06-08 06-20 06-21 11-01 12-06 12-24 12-25 12-26"),
        (.FI, 2026, "01-01 01-06 04-03 04-05 04-06 05-01 05-14 05-24 06-19 06-20 10-31 12-06 12-24 12-25 12-26"),
        (.DE, 1992, "01-01 04-17 04-20 05-01 05-28 06-08 10-03 11-18 12-25 12-26"),
        (.DE, 1995, "01-01 04-14 04-17 05-01 05-25 06-05 10-03 12-25 12-26"),
        (.DE, 2017, "01-01 04-14 04-17 05-01 05-25 06-05 10-03 10-31 12-25 12-26"),
        (.DE, 2024, "01-01 03-29 04-01 05-01 05-09 05-20 10-03 12-25 12-26"),
        (.DE, 2025, "01-01 04-18 04-21 05-01 05-29 06-09 10-03 12-25 12-26"),
        (.NL, 2013, "01-01 04-01 04-30 05-05 05-09 05-20 12-25 12-26"),
        (.NL, 2024, "01-01 04-01 04-27 05-05 05-09 05-20 12-25 12-26"),
        (.NL, 2025, "01-01 04-21 04-26 05-05 05-29 06-09 12-25 12-26"),
        (.GB, 2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"),
        (.GB, 2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"),
        (.GB, 2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"),
        (.GB, 2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"),
    ])
    func matchOfficialLists(country: HolidayCountry, year: Int, days: String) {
        #expect(dates(country, year) == expected(year, days))
    }

    @Test func greatPrayerDayIsNoDanishHolidayFrom2024() {
        let names = { (year: Int) in HolidayCountry.DK.holidays(in: year).map(\.englishName) }
        #expect(names(2023).contains("Great Prayer Day"))
        #expect(!names(2024).contains("Great Prayer Day"))
        #expect(!names(2150).contains("Great Prayer Day"))
    }

    @Test func namesAreInTheCountrysLanguageAndInEnglish() throws {
        let midsummer = try #require(HolidayCountry.FI.holidays(in: 2025).first { $0.englishName == "Midsummer Eve" })
        #expect(midsummer.localName == "Juhannusaatto")
        #expect(midsummer.date.isoWeekday == 5)
        #expect(HolidayCountry.DK.holidays(in: 2025).first?.localName == "Nytårsdag")
        #expect(!HolidayCountry.DK.holidays(in: 2025).contains { $0.date == CalendarDate(iso: "2025-12-24") })
    }

    @Test func everyCountryHasSaneHolidaysInEverySupportedYear() {
        for country in HolidayCountry.allCases {
            for year in HolidayCountry.supportedYears {
                let holidays = country.holidays(in: year)
                #expect(holidays.allSatisfy { $0.date.year == year }, "\(country) \(year)")
                #expect((6...16).contains(holidays.count), "\(country) \(year) has \(holidays.count) holidays")
                #expect(holidays.contains { $0.date.month == 12 && $0.englishName.hasPrefix("Christmas") })
            }
        }
    }
}
