/// One generated person with everything the demo stores about them.
public struct DemoPerson: Sendable {
    public var fields: PersonFields
    public var employment: [(entity: String, country: String, from: CalendarDate, to: CalendarDate)]
    public var pensions: [(provider: String, plan: String, reference: String, from: CalendarDate, to: CalendarDate)]
    public var consents: [(topic: ContactTopic, channel: ContactChannel, granted: Bool)]
}

/// Realistic, deterministic demo alumni: Nordic and European names, employees and customers,
/// departures spread over the 20 years before `today`, employment abroad at sister companies,
/// pension arrangements and contact preferences. The same seed and day give the same people.
public struct DemoPeople: Sequence, IteratorProtocol {
    private var generator: SeededGenerator
    private var remaining: Int
    private var serial = 0
    private let today: CalendarDate

    public init(count: Int, seed: UInt64, today: CalendarDate) {
        generator = SeededGenerator(seed: seed)
        remaining = count
        self.today = today
    }

    public mutating func next() -> DemoPerson? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        serial += 1
        return makePerson()
    }

    private struct Country {
        let code: String
        let language: Language
        let domain: String
        let given: [String]
        let family: [String]
        let entity: String
    }

    private static let countries: [Country] = [
        Country(
            code: "DK", language: .da, domain: "example.dk",
            given: ["Mette", "Søren", "Anne", "Jens", "Kirsten", "Lars", "Birgitte", "Mads", "Freja", "Rasmus"],
            family: ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Sørensen", "Kjær", "Møller", "Lund"],
            entity: "Nordlys A/S"),
        Country(
            code: "NO", language: .nb, domain: "example.no",
            given: ["Åse", "Ola", "Ingrid", "Kjetil", "Solveig", "Håkon", "Sigrid", "Øystein", "Ragnhild"],
            family: ["Ødegård", "Hansen", "Johansen", "Olsen", "Berg", "Haugen", "Bakke", "Strøm", "Dahl"],
            entity: "Nordlys AS"),
        Country(
            code: "SE", language: .sv, domain: "example.se",
            given: ["Björn", "Karin", "Lars", "Åsa", "Göran", "Ingrid", "Maja", "Erik", "Linnéa", "Örjan"],
            family: ["Nyström", "Andersson", "Johansson", "Karlsson", "Lindqvist", "Öberg", "Sjöberg", "Åkesson"],
            entity: "Nordlys AB"),
        Country(
            code: "FI", language: .fi, domain: "example.fi",
            given: ["Aino", "Jukka", "Päivi", "Mikko", "Sanna", "Jyrki", "Tiina", "Väinö", "Eeva"],
            family: ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Järvinen", "Heikkinen"],
            entity: "Nordlys Oy"),
        Country(
            code: "DE", language: .de, domain: "example.de",
            given: ["Jürgen", "Sabine", "Klaus", "Ulrike", "Matthias", "Käthe", "Stefan", "Jörg", "Anja"],
            family: ["Müller", "Schmidt", "Schäfer", "Weiß", "Groß", "Köhler", "Becker", "Hoffmann"],
            entity: "Nordlys GmbH"),
        Country(
            code: "NL", language: .nl, domain: "example.nl",
            given: ["Sanne", "Daan", "Femke", "Joost", "Lotte", "Bram", "Eva", "Sjoerd"],
            family: ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Boer", "Mulder"],
            entity: "Nordlys B.V."),
        Country(
            code: "GB", language: .en, domain: "example.co.uk",
            given: ["Oliver", "Amelia", "Harry", "Sophie", "George", "Emily", "Siobhan", "Rhys"],
            family: ["Smith", "Jones", "Taylor", "Brown", "Davies", "Evans", "O'Brien", "Wilson"],
            entity: "Nordlys Ltd"),
    ]

    private static let pensionProviders: [(provider: String, plans: [String])] = [
        ("PFA Pension", ["PFA Plus", "PFA Klassik"]), ("Danica Pension", ["Danica Balance"]),
        ("Alecta", ["ITP 1", "ITP 2"]), ("Storebrand", ["Innskuddspensjon"]), ("Varma", ["TyEL"]),
        ("Allianz Leben", ["Direktversicherung"]), ("ABP", ["Middelloon"]), ("Aviva", ["Group Personal Pension"]),
    ]

    private static let reasons = [
        "new job", "relocation", "retirement", "redundancy", "studies", "family", "contract ended", "moved provider",
        "price", "service experience",
    ]

    private static let tags = ["alumni-network", "rehire-eligible", "mentor", "vip", "board", "newsletter-2019"]

    private mutating func date(between start: CalendarDate, and end: CalendarDate) -> CalendarDate {
        let span = Swift.max(0, start.days(until: end))
        return start.adding(days: Int.random(in: 0...span, using: &generator))
    }

    private mutating func makePerson() -> DemoPerson {
        let home = generator.pick(Self.countries)
        let given = generator.pick(home.given)
        let family = generator.pick(home.family)
        let roll = Double.random(in: 0..<1, using: &generator)
        let kind: PersonKind = roll < 0.45 ? .employee : roll < 0.9 ? .customer : .both
        let left = date(between: today.adding(months: -240), and: today.adding(days: -1))
        let joined = date(between: left.adding(months: -12 * 35), and: left.adding(months: -6))
        let emailName = SearchKey.fold("\(given).\(family)").filter { $0.isLetter || $0 == "." }
        var fields = PersonFields(
            givenName: given, familyName: family, email: "\(emailName).\(serial)@\(home.domain)",
            phone: generator.chance(0.6)
                ? "+\(Int.random(in: 10...49, using: &generator)) \(Int.random(in: 10_000_000...99_999_999, using: &generator))"
                : nil,
            country: home.code, language: home.language, kind: kind,
            externalRef: (kind == .customer ? "C" : "E") + String(100_000 + serial), joined: joined, left: left,
            departureReason: generator.pick(Self.reasons), sentiment: generator.pick(Sentiment.allCases),
            tags: generator.chance(0.3) ? [generator.pick(Self.tags)] : [])
        if generator.chance(0.1) { fields.tags?.append(generator.pick(Self.tags)) }
        var person = DemoPerson(fields: fields, employment: [], pensions: [], consents: [])
        if kind.wasEmployee { addCareer(to: &person, home: home, joined: joined, left: left) }
        for topic in ContactTopic.allCases where generator.chance(0.5) {
            person.consents.append((topic, .email, generator.chance(0.8)))
        }
        if generator.chance(0.2) { person.consents.append((.events, .post, true)) }
        return person
    }

    private mutating func addCareer(
        to person: inout DemoPerson, home: Country, joined: CalendarDate, left: CalendarDate
    ) {
        // Most careers stay at home; some include years abroad at a sister company.
        var start = joined
        let stints = generator.chance(0.3) ? Int.random(in: 2...3, using: &generator) : 1
        for stint in 1...stints {
            let site = stint == 2 ? generator.pick(Self.countries) : home
            let end =
                stint == stints
                ? left : date(between: start, and: start.adding(days: Swift.max(1, start.days(until: left) / 2)))
            person.employment.append((site.entity, site.code, start, end))
            let provider = generator.pick(Self.pensionProviders)
            person.pensions.append(
                (provider.provider, generator.pick(provider.plans), "P-\(serial)-\(stint)", start, end))
            start = end.adding(days: 1)
            if start > left { break }
        }
    }
}
