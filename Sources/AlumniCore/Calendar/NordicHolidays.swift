/// Denmark: helligdage by the Danish church calendar. Store bededag (Great Prayer Day) was
/// abolished from 2024. Christmas Eve, New Year's Eve and Constitution Day are customary
/// days off, not holidays: configure them as closing days.
enum DanishHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Nytårsdag", "New Year's Day")
        b.add(b.easter(-3), "Skærtorsdag", "Maundy Thursday")
        b.add(b.easter(-2), "Langfredag", "Good Friday")
        b.add(b.easter(0), "Påskedag", "Easter Sunday")
        b.add(b.easter(1), "2. påskedag", "Easter Monday")
        if b.year < 2024 { b.add(b.easter(26), "Store bededag", "Great Prayer Day") }
        b.add(b.easter(39), "Kristi himmelfartsdag", "Ascension Day")
        b.add(b.easter(49), "Pinsedag", "Whit Sunday")
        b.add(b.easter(50), "2. pinsedag", "Whit Monday")
        b.add(b.fixed(12, 25), "Juledag", "Christmas Day")
        b.add(b.fixed(12, 26), "2. juledag", "Boxing Day")
    }
}

/// Norway: helligdager by the church calendar, and the two public holidays of the 1947 law
/// (Labour Day and Constitution Day).
enum NorwegianHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Første nyttårsdag", "New Year's Day")
        b.add(b.easter(-3), "Skjærtorsdag", "Maundy Thursday")
        b.add(b.easter(-2), "Langfredag", "Good Friday")
        b.add(b.easter(0), "Første påskedag", "Easter Sunday")
        b.add(b.easter(1), "Andre påskedag", "Easter Monday")
        if b.year >= 1947 {
            b.add(b.fixed(5, 1), "Arbeidernes dag", "Labour Day")
            b.add(b.fixed(5, 17), "Grunnlovsdag", "Constitution Day")
        }
        b.add(b.easter(39), "Kristi himmelfartsdag", "Ascension Day")
        b.add(b.easter(49), "Første pinsedag", "Whit Sunday")
        b.add(b.easter(50), "Andre pinsedag", "Whit Monday")
        b.add(b.fixed(12, 25), "Første juledag", "Christmas Day")
        b.add(b.fixed(12, 26), "Andre juledag", "Boxing Day")
    }
}

/// Sweden: allmänna helgdagar (lag 1989:253 and its predecessors). Midsummer and All Saints
/// moved to Saturdays in 1953; Whit Monday gave way to National Day in 2005. Midsummer Eve,
/// Christmas Eve and New Year's Eve are customary, not public holidays.
enum SwedishHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Nyårsdagen", "New Year's Day")
        b.add(b.fixed(1, 6), "Trettondedag jul", "Epiphany")
        b.add(b.easter(-2), "Långfredagen", "Good Friday")
        b.add(b.easter(0), "Påskdagen", "Easter Sunday")
        b.add(b.easter(1), "Annandag påsk", "Easter Monday")
        if b.year >= 1939 { b.add(b.fixed(5, 1), "Första maj", "May Day") }
        b.add(b.easter(39), "Kristi himmelsfärdsdag", "Ascension Day")
        b.add(b.easter(49), "Pingstdagen", "Whit Sunday")
        if b.year < 2005 { b.add(b.easter(50), "Annandag pingst", "Whit Monday") }
        if b.year >= 2005 { b.add(b.fixed(6, 6), "Sveriges nationaldag", "National Day of Sweden") }
        if b.year >= 1953 {
            b.add(b.weekday(6, onOrAfter: 6, 20), "Midsommardagen", "Midsummer Day")
            b.add(b.weekday(6, onOrAfter: 10, 31), "Alla helgons dag", "All Saints' Day")
        } else {
            b.add(b.fixed(6, 24), "Midsommardagen", "Midsummer Day")
            b.add(b.fixed(11, 1), "Alla helgons dag", "All Saints' Day")
        }
        b.add(b.fixed(12, 25), "Juldagen", "Christmas Day")
        b.add(b.fixed(12, 26), "Annandag jul", "Boxing Day")
    }
}

/// Finland: public holidays by the church calendar and law, including the two eves that are
/// days off by law (Midsummer Eve, Christmas Eve). Midsummer and All Saints moved to
/// Saturdays in 1955; Epiphany and Ascension were moved to Saturdays 1973–1990.
enum FinnishHolidays {
    static func add(to b: inout HolidayBuilder) {
        b.add(b.fixed(1, 1), "Uudenvuodenpäivä", "New Year's Day")
        let movedFeasts = (1973...1990).contains(b.year)
        b.add(movedFeasts ? b.weekday(6, onOrAfter: 1, 6) : b.fixed(1, 6), "Loppiainen", "Epiphany")
        b.add(b.easter(-2), "Pitkäperjantai", "Good Friday")
        b.add(b.easter(0), "Pääsiäispäivä", "Easter Sunday")
        b.add(b.easter(1), "2. pääsiäispäivä", "Easter Monday")
        b.add(b.fixed(5, 1), "Vappu", "May Day")
        b.add(movedFeasts ? b.easter(41) : b.easter(39), "Helatorstai", "Ascension Day")
        b.add(b.easter(49), "Helluntaipäivä", "Whit Sunday")
        if b.year >= 1955 {
            b.add(b.weekday(5, onOrAfter: 6, 19), "Juhannusaatto", "Midsummer Eve")
            b.add(b.weekday(6, onOrAfter: 6, 20), "Juhannuspäivä", "Midsummer Day")
            b.add(b.weekday(6, onOrAfter: 10, 31), "Pyhäinpäivä", "All Saints' Day")
        } else {
            b.add(b.fixed(6, 23), "Juhannusaatto", "Midsummer Eve")
            b.add(b.fixed(6, 24), "Juhannuspäivä", "Midsummer Day")
            b.add(b.fixed(11, 1), "Pyhäinpäivä", "All Saints' Day")
        }
        if b.year >= 1919 { b.add(b.fixed(12, 6), "Itsenäisyyspäivä", "Independence Day") }
        b.add(b.fixed(12, 24), "Jouluaatto", "Christmas Eve")
        b.add(b.fixed(12, 25), "Joulupäivä", "Christmas Day")
        b.add(b.fixed(12, 26), "Tapaninpäivä", "St Stephen's Day")
    }
}
