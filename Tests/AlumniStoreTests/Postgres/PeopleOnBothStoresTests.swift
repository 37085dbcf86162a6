import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// The people reads through `Store`: the same answers from a SQLite file and from its copy on
/// PostgreSQL, refusals and audited reads included.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PeopleOnBothStoresTests {
    static let admin = Caller.console("tester")

    private func stores(_ body: (Store, Store) async throws -> Void) async throws {
        try await BothStores.with(people: 150) { sqlite, postgres, _ in try await body(sqlite, postgres) }
    }

    @Test("every filter, search, order and page gives the same people in the same order on both stores")
    func sameLists() async throws {
        var queries: [PersonQuery] = []
        for sort in PersonQuery.Sort.allCases {
            for descending in [false, true] {
                var query = PersonQuery()
                query.sort = sort
                query.descending = descending
                query.limit = 200
                queries.append(query)
            }
        }
        func query(_ change: (inout PersonQuery) -> Void) -> PersonQuery {
            var query = PersonQuery()
            change(&query)
            return query
        }
        queries += [
            query { $0.kind = .customer }, query { $0.country = "no" }, query { $0.language = .sv },
            query { $0.tag = "board" }, query { $0.search = "ase" }, query { $0.search = "Ørsted ole" },
            query {
                $0.leftAfter = CalendarDate(iso: "2015-01-01"); $0.leftBefore = CalendarDate(iso: "2020-12-31")
            },
            query {
                $0.offset = 140; $0.limit = 10
            }, query { $0.search = "100%_\\" },
        ]
        try await stores { sqlite, postgres in
            for query in queries {
                let one = try await sqlite.people(matching: query, countLimit: 20, as: Self.admin)
                let other = try await postgres.people(matching: query, countLimit: 20, as: Self.admin)
                #expect(one.items == other.items, "\(query.filterSummary) sorted by \(query.sort)")
                #expect(one.total == other.total && one.countLimit == other.countLimit)
            }
        }
    }

    @Test("one person by id or reference, with employment, pension (audited) and mail status; the same errors")
    func samePerson() async throws {
        try await stores { sqlite, postgres in
            let seven = try await sqlite.person(id: 7, as: Self.admin)
            for store in [sqlite, postgres] {
                #expect(try await store.person(id: 7, as: Self.admin) == seven)
                let byRef = try await store.person(
                    ref: seven.fields.externalRef!, kind: seven.fields.kind, as: Self.admin)
                #expect(byRef == seven)
                let periods = try await store.employmentPeriods(personId: 7, as: Self.admin)
                #expect(periods == (try await sqlite.employmentPeriods(personId: 7, as: Self.admin)))
                #expect(try await store.mailStatus(personId: 7) == PersonMailStatus())
                await #expect(throws: StoreError.notFound("person #9999")) {
                    try await store.person(id: 9999, as: Self.admin)
                }
                await #expect(throws: StoreError.notFound("person with ref 'nobody'")) {
                    try await store.person(ref: "nobody", as: Self.admin)
                }
            }
            _ = try await postgres.pensionArrangements(personId: 7, as: Self.admin)
            guard case .postgres(let store) = postgres else { return }
            let audited = try await store.rows(
                "SELECT action, person_id FROM audit_event WHERE action = 'pension.read'")
            #expect(audited.count == 1 && audited.first?["person_id"] == 7)
        }
    }

    @Test("a viewer is refused pension data on PostgreSQL as on SQLite, and the refusal audited once a minute")
    func refusals() async throws {
        try await stores { sqlite, postgres in
            for store in [sqlite, postgres] {
                let viewer = try await store.staffActor(named: "viewer")
                for _ in 0..<2 {
                    await #expect(throws: AccessRefused.self) {
                        try await store.pensionArrangements(personId: 7, as: viewer)
                    }
                }
                await #expect(throws: StoreError.notFound("staff user 'nobody'")) {
                    try await store.staffActor(named: "nobody")
                }
            }
            guard case .postgres(let store) = postgres else { return }
            let refusals = try await store.rows(
                "SELECT actor, person_id FROM audit_event WHERE action = 'access.denied'")
            #expect(refusals.count == 1 && refusals.first?["actor"] == "viewer")
        }
    }
}
