/// A public holiday: a day off by law for the whole country.
public struct Holiday: Hashable, Sendable, Codable {
    public var date: CalendarDate
    /// The name in the country's language.
    public var localName: String
    public var englishName: String

    public init(date: CalendarDate, localName: String, englishName: String) {
        self.date = date
        self.localName = localName
        self.englishName = englishName
    }
}

/// The countries whose public holidays we know, by rule, for the years 1900–2200.
public enum HolidayCountry: String, CaseIterable, Codable, Sendable {
    case DK, NO, SE, FI, DE, NL, GB

    /// The years the rules are written and tested for.
    public static let supportedYears = 1900...2200

    /// Every holiday of every supported year, as days since 1970: computed once per process,
    /// so building a calendar (per request, per inquiry step) costs nothing.
    var holidayDays: Set<Int> { Self.holidayDays[self]! }

    private static let holidayDays: [HolidayCountry: Set<Int>] = Dictionary(
        uniqueKeysWithValues: allCases.map { country in
            (country, Set(supportedYears.flatMap { country.holidays(in: $0) }.map(\.date.daysSinceEpoch)))
        })

    /// Every public holiday of `year`, in date order.
    public func holidays(in year: Int) -> [Holiday] {
        var builder = HolidayBuilder(year: year)
        switch self {
        case .DK: DanishHolidays.add(to: &builder)
        case .NO: NorwegianHolidays.add(to: &builder)
        case .SE: SwedishHolidays.add(to: &builder)
        case .FI: FinnishHolidays.add(to: &builder)
        case .DE: GermanHolidays.add(to: &builder)
        case .NL: DutchHolidays.add(to: &builder)
        case .GB: BritishHolidays.add(to: &builder)
        }
        return builder.holidays.sorted { $0.date < $1.date }
    }
}

/// Collects one year's holidays; the date helpers speak the language the laws use.
struct HolidayBuilder {
    let year: Int
    let easter: CalendarDate
    private(set) var holidays: [Holiday] = []

    init(year: Int) {
        self.year = year
        easter = Easter.sunday(in: year)
    }

    mutating func add(_ date: CalendarDate, _ local: String, _ english: String) {
        holidays.append(Holiday(date: date, localName: local, englishName: english))
    }

    /// A fixed day of this year.
    func fixed(_ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day)!
    }

    /// Easter Sunday plus `days` (negative before).
    func easter(_ days: Int) -> CalendarDate {
        easter.adding(days: days)
    }

    /// The first day on or after `month`/`day` that falls on ISO `weekday`
    /// ("the Saturday between 20 and 26 June" is `weekday(6, onOrAfter: 6, 20)`).
    func weekday(_ weekday: Int, onOrAfter month: Int, _ day: Int) -> CalendarDate {
        let start = fixed(month, day)
        return start.adding(days: (weekday - start.isoWeekday + 7) % 7)
    }

    /// The last ISO `weekday` of `month`.
    func last(_ weekday: Int, of month: Int) -> CalendarDate {
        let end = fixed(month, CalendarDate.daysIn(month: month, year: year))
        return end.adding(days: -((end.isoWeekday - weekday + 7) % 7))
    }
}
