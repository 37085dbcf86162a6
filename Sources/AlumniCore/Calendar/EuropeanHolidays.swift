/// Germany: the nationwide public holidays (state holidays are closing days to configure).
/// German Unity Day on 3 October since 1990 (17 June in West Germany 1954–1990); the
/// Reformation's 500th anniversary was a nationwide holiday in 2017; the Day of Repentance and
/// Prayer (the Wednesday before 23 November) was one in reunited Germany until 1994 (only
/// Saxony kept it from 1995).
enum GermanHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Neujahr", "New Year's Day")
        b.add(b.easter(-2), "Karfreitag", "Good Friday")
        b.add(b.easter(1), "Ostermontag", "Easter Monday")
        if b.year >= 1933 { b.add(b.fixed(5, 1), "Tag der Arbeit", "Labour Day") }
        b.add(b.easter(39), "Christi Himmelfahrt", "Ascension Day")
        b.add(b.easter(50), "Pfingstmontag", "Whit Monday")
        if b.year >= 1990 {
            b.add(b.fixed(10, 3), "Tag der Deutschen Einheit", "German Unity Day")
        } else if b.year >= 1954 {
            b.add(b.fixed(6, 17), "Tag der deutschen Einheit", "Day of German Unity")
        }
        if b.year == 2017 { b.add(b.fixed(10, 31), "Reformationstag", "Reformation Day") }
        if (1990...1994).contains(b.year) {
            b.add(b.weekday(3, onOrAfter: 11, 16), "Buß- und Bettag", "Day of Repentance and Prayer")
        }
        b.add(b.fixed(12, 25), "1. Weihnachtstag", "Christmas Day")
        b.add(b.fixed(12, 26), "2. Weihnachtstag", "Boxing Day")
    }
}

/// The Netherlands: the general holidays of the Algemene termijnenwet. King's Day on 27 April
/// (26 April when that is a Sunday) since 2014, Queen's Day on 30 April before (1949–2013;
/// moved to the Monday or Saturday when it fell on a Sunday), Queen Wilhelmina's birthday on
/// 31 August before 1949; Liberation Day every year from 1990.
enum DutchHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Nieuwjaarsdag", "New Year's Day")
        b.add(b.easter(1), "Tweede Paasdag", "Easter Monday")
        if let royal = royalBirthday(b) { b.add(royal.date, royal.local, royal.english) }
        if b.year >= 1990 { b.add(b.fixed(5, 5), "Bevrijdingsdag", "Liberation Day") }
        b.add(b.easter(39), "Hemelvaartsdag", "Ascension Day")
        b.add(b.easter(50), "Tweede Pinksterdag", "Whit Monday")
        b.add(b.fixed(12, 25), "Eerste Kerstdag", "Christmas Day")
        b.add(b.fixed(12, 26), "Tweede Kerstdag", "Boxing Day")
    }

    private static func royalBirthday(_ b: HolidayBuilder) -> (date: CalendarDate, local: String, english: String)? {
        if b.year >= 2014 {
            let day = b.fixed(4, 27)
            return (day.isoWeekday == 7 ? day.adding(days: -1) : day, "Koningsdag", "King's Day")
        }
        if b.year >= 1949 {
            let day = b.fixed(4, 30)
            guard day.isoWeekday == 7 else { return (day, "Koninginnedag", "Queen's Day") }
            return (day.adding(days: b.year >= 1980 ? -1 : 1), "Koninginnedag", "Queen's Day")
        }
        if b.year >= 1900 { return (b.fixed(8, 31), "Koninginnedag", "Queen's Day") }
        return nil
    }
}

/// England and Wales: bank holidays under the Banking and Financial Dealings Act 1971 and
/// royal proclamations, with substitute days for weekends, and the one-off days proclaimed
/// for jubilees, royal weddings, funerals and the coronation.
enum BritishHolidays {
    static func add(to b: inout HolidayBuilder) {
        if b.year >= 1974 { b.add(substitute(b.fixed(1, 1)), "New Year's Day", "New Year's Day") }
        b.add(b.easter(-2), "Good Friday", "Good Friday")
        b.add(b.easter(1), "Easter Monday", "Easter Monday")
        if b.year >= 1978 {
            let earlyMay = moved[b.year]?.earlyMay ?? b.weekday(1, onOrAfter: 5, 1)
            b.add(earlyMay, "Early May bank holiday", "Early May bank holiday")
        }
        if b.year >= 1971 {
            b.add(moved[b.year]?.spring ?? b.last(1, of: 5), "Spring bank holiday", "Spring bank holiday")
            b.add(b.last(1, of: 8), "Summer bank holiday", "Summer bank holiday")
        } else {
            b.add(b.easter(50), "Whit Monday", "Whit Monday")
            b.add(b.weekday(1, onOrAfter: 8, 1), "August bank holiday", "August bank holiday")
        }
        let christmas = b.fixed(12, 25)
        switch christmas.isoWeekday {
        case 5:  // Friday: Boxing Day on Saturday moves to Monday
            b.add(christmas, "Christmas Day", "Christmas Day")
            b.add(christmas.adding(days: 3), "Boxing Day", "Boxing Day (substitute day)")
        case 6:  // Saturday: both move, to Monday and Tuesday
            b.add(christmas.adding(days: 2), "Christmas Day", "Christmas Day (substitute day)")
            b.add(christmas.adding(days: 3), "Boxing Day", "Boxing Day (substitute day)")
        case 7:  // Sunday: Christmas moves to Tuesday, Boxing Day stays on Monday
            b.add(christmas.adding(days: 1), "Boxing Day", "Boxing Day")
            b.add(christmas.adding(days: 2), "Christmas Day", "Christmas Day (substitute day)")
        default:
            b.add(christmas, "Christmas Day", "Christmas Day")
            b.add(christmas.adding(days: 1), "Boxing Day", "Boxing Day")
        }
        for (date, name) in oneOff where date.year == b.year {
            b.add(date, name, name)
        }
    }

    /// A weekend day moves to the following Monday.
    private static func substitute(_ date: CalendarDate) -> CalendarDate {
        switch date.isoWeekday {
        case 6: date.adding(days: 2)
        case 7: date.adding(days: 1)
        default: date
        }
    }

    private static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// Years when a regular bank holiday was moved by proclamation.
    private static let moved: [Int: (earlyMay: CalendarDate?, spring: CalendarDate?)] = [
        1995: (day("1995-05-08"), nil), 2020: (day("2020-05-08"), nil), 2002: (nil, day("2002-06-04")),
        2012: (nil, day("2012-06-04")), 2022: (nil, day("2022-06-02")),
    ]

    /// Extra bank holidays proclaimed once.
    private static let oneOff: [(CalendarDate, String)] = [
        (day("1973-11-14"), "Wedding of Princess Anne"), (day("1977-06-07"), "Silver Jubilee of Elizabeth II"),
        (day("1981-07-29"), "Wedding of Prince Charles"), (day("1999-12-31"), "Millennium Eve"),
        (day("2002-06-03"), "Golden Jubilee of Elizabeth II"), (day("2011-04-29"), "Wedding of Prince William"),
        (day("2012-06-05"), "Diamond Jubilee of Elizabeth II"), (day("2022-06-03"), "Platinum Jubilee of Elizabeth II"),
        (day("2022-09-19"), "State Funeral of Queen Elizabeth II"),
        (day("2023-05-08"), "Coronation of King Charles III"),
    ]
}
