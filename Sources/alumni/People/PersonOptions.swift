import AlumniCore
import AlumniStore
import ArgumentParser

/// The person fields `people add` and `people update` take.
struct PersonOptions: ParsableArguments {
    @Option(help: "Given (first) name.") var given: String?
    @Option(help: "Family (last) name.") var family: String?
    @Option(help: "Email address.") var email: String?
    @Option(help: "Phone number, international format preferred.") var phone: String?
    @Option(help: "Postal address.") var address: String?
    @Option(help: "employee, customer or both.") var kind: PersonKind?
    @Option(help: "Country, ISO 3166 alpha-2 (DK, NO, SE …).") var country: String?
    @Option(help: "Preferred language: da, nb, sv, fi, de, nl or en.") var language: Language?
    @Option(help: "HR number or customer number; unique per kind.") var ref: String?
    @Option(help: "When they joined us, YYYY-MM-DD.") var joined: CalendarDate?
    @Option(help: "When they left us, YYYY-MM-DD.") var left: CalendarDate?
    @Option(help: "Why they left.") var reason: String?
    @Option(help: "ambassador, positive, neutral, negative or detractor.") var sentiment: Sentiment?
    @Option(name: .customLong("tag"), help: "A tag; repeat for several (replaces the current tags).") var tags:
        [String] = []

    var fields: PersonFields {
        PersonFields(
            givenName: given, familyName: family, email: email, phone: phone, address: address, country: country,
            language: language, kind: kind, externalRef: ref, joined: joined, left: left, departureReason: reason,
            sentiment: sentiment, tags: tags.isEmpty ? nil : tags)
    }
}

/// The filters and order `people list` and `people export` share.
struct PersonFilterOptions: ParsableArguments {
    @Option(help: "Only this kind (both counts as either).") var kind: PersonKind?
    @Option(help: "Only this country (ISO alpha-2).") var country: String?
    @Option(help: "Only this preferred language.") var language: Language?
    @Option(help: "Only people with this tag.") var tag: String?
    @Option(help: "Only people who left on or after this day.") var leftAfter: CalendarDate?
    @Option(help: "Only people who left on or before this day.") var leftBefore: CalendarDate?
    @Option(help: "Words in the name or email; case and accents do not matter (bjorn finds Björn).")
    var search: String?
    @Option(help: "Sort by name, left, joined, created or id.") var sort: PersonQuery.Sort = .name
    @Flag(help: "Sort in descending order.") var desc = false

    var query: PersonQuery {
        var query = PersonQuery()
        query.kind = kind
        query.country = country
        query.language = language
        query.tag = tag
        query.leftAfter = leftAfter
        query.leftBefore = leftBefore
        query.search = search
        query.sort = sort
        query.descending = desc
        return query
    }
}

extension PersonQuery.Sort: ExpressibleByArgument {}
