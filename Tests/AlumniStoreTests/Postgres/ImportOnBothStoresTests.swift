import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// `alumni people import` through `Store`: the same file gives the same people, tags, planned
/// departures, rejections and summaries on SQLite and PostgreSQL, and a refused import stores
/// nothing on either.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct ImportOnBothStoresTests {
    static let admin = BothStores.admin
    static let header = "given_name,family_name,email,kind,country,joined,left,ref,tags\n"

    /// What each store made of the imports. Ids are left out: SQLite's batched import hands
    /// out ids a refused import then gives up, PostgreSQL's takes none until it commits.
    struct Outcome: Equatable {
        var refused: ImportSummary
        var refusedLines: [Int]
        var dryRun: ImportSummary
        var imported: ImportSummary
        var skipped: [String]
        var updated: ImportSummary
        var people: [PersonFields]
        var plans: Int
        /// The audit trail of a person the import added.
        var importedTrail: [String]
        /// Whether a person added after the imports got an id after theirs.
        var idsGoOn: Bool
    }

    @Test("imports add, update, reject and roll back alike on both stores")
    func sameImports() async throws {
        let folder = try TemporaryFolder("import-both")
        let good = folder.url.appendingPathComponent("good.csv")
        try Data(
            (Self.header + """
                Åse,Ødegård,ase@example.no,employee,NO,2001-02-01,2026-11-01,E-1,oslo;finance
                Zoë,van Dijk,zoe@example.nl,customer,NL,,,C-7,vip
                Ole,Berg,ole@example.no,employee,NO,,,E-2,
                """).utf8
        ).write(to: good)
        let bad = folder.url.appendingPathComponent("bad.csv")
        try Data(
            (Self.header + """
                Kari,Nordmann,kari@example.no,employee,NO,,,E-3,
                Broken,Mail,not-an-address,employee,NO,,,E-4,
                Twice,Over,twice@example.no,employee,NO,,,E-1,
                """).utf8
        ).write(to: bad)
        let change = folder.url.appendingPathComponent("change.csv")
        try Data(("given_name,family_name,kind,ref,email\n" + "Åse,Ødegård-Berg,employee,E-1,ase@new.no\n").utf8)
            .write(to: change)
        try await BothStores.with(people: 5) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                clock.set(ISO8601DateFormatter().date(from: "2026-11-18T10:00:00Z")!)
                var refusedLines: [Int] = []
                let refused = try await store.importPeople(
                    from: bad, options: PeopleImportOptions(), actor: Self.admin,
                    onRejected: { refusedLines.append($0.line) })
                let dryRun = try await store.importPeople(
                    from: good, options: PeopleImportOptions(dryRun: true), actor: Self.admin)
                let imported = try await store.importPeople(
                    from: good, options: PeopleImportOptions(), actor: Self.admin)
                var skipped: [String] = []
                _ = try await store.importPeople(
                    from: bad, options: PeopleImportOptions(skipInvalid: true), actor: Self.admin,
                    onRejected: { skipped += $0.errors.map { $0.description.replacing(/#\d+/, with: "#N") } })
                clock.advance(60)
                let updated = try await store.importPeople(
                    from: change, options: PeopleImportOptions(update: true), actor: Self.admin)
                var query = PersonQuery()
                query.limit = 100
                let stored = try await store.people(matching: query, as: Self.admin).items.filter {
                    ["E-1", "E-2", "E-3", "C-7"].contains($0.fields.externalRef ?? "")
                }
                let next = try await store.addPerson(
                    PersonFields(givenName: "Next", familyName: "One", email: "n@example.com", kind: .employee),
                    actor: Self.admin)
                return Outcome(
                    refused: refused, refusedLines: refusedLines, dryRun: dryRun, imported: imported, skipped: skipped,
                    updated: updated,
                    people: stored.map(\.fields).sorted { ($0.externalRef ?? "") < ($1.externalRef ?? "") },
                    plans: try await store.rows("SELECT id FROM farewell_plan").count,
                    importedTrail: try await store.auditEvents(
                        personId: stored.first { $0.fields.externalRef == "C-7" }!.id, as: Self.admin
                    ).items.map(\.action),
                    idsGoOn: next.id > stored.map(\.id).max()!)
            }
            #expect(outcome.refused == ImportSummary(added: 2, rejected: 1, committed: false))
            #expect(outcome.refusedLines == [3])
            #expect(outcome.dryRun == ImportSummary(added: 3, committed: false))
            #expect(outcome.imported == ImportSummary(added: 3, committed: true))
            #expect(outcome.skipped.count == 2 && outcome.skipped[1].contains("already used by person #N"))
            let ase = try #require(outcome.people.first { $0.externalRef == "E-1" })
            #expect(outcome.updated == ImportSummary(updated: 1, committed: true))
            #expect(outcome.people.count == 4)
            #expect(ase.familyName == "Ødegård-Berg" && ase.tags == ["finance", "oslo"] && ase.email == "ase@new.no")
            #expect(outcome.plans == 1, "the recent departure in the file got its farewell")
            #expect(outcome.importedTrail == ["people.imported"])
            #expect(outcome.idsGoOn, "ids go on after the imported ones")
        }
    }

    @Test("a large file's secondary indexes are set aside and built again, and a refused import brings them back")
    func largeFile() async throws {
        let folder = try TemporaryFolder("import-large")
        var lines = [Self.header]
        for index in 0..<12_000 {
            lines.append("Given\(index),Family\(index),p\(index)@example.com,employee,NO,,,R-\(index),team\n")
        }
        let good = folder.url.appendingPathComponent("large.csv")
        try Data(lines.joined().utf8).write(to: good)
        let bad = folder.url.appendingPathComponent("large-bad.csv")
        try Data((lines + ["Bad,Row,nope,employee,NO,,,R-x,\n"]).joined().utf8).write(to: bad)
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        try await PostgresStore.withStore(location) { postgres in
            try await postgres.migrate()
            let store = Store.postgres(postgres)
            let indexes = { try await store.rows("SELECT indexdef FROM pg_indexes ORDER BY indexname").count }
            let before = try await indexes()
            let refused = try await store.importPeople(from: bad, options: PeopleImportOptions(), actor: Self.admin)
            #expect(!refused.committed && refused.rejected == 1)
            #expect(try await indexes() == before)
            #expect(try await store.rows("SELECT id FROM person").isEmpty)
            let imported = try await store.importPeople(from: good, options: PeopleImportOptions(), actor: Self.admin)
            #expect(imported == ImportSummary(added: 12_000, committed: true))
            #expect(try await indexes() == before)
            var query = PersonQuery()
            query.search = "family11999"
            #expect(
                try await store.people(matching: query, as: Self.admin).items.map(\.fields.externalRef) == ["R-11999"])
            #expect(try await store.rows("SELECT person_id FROM person_tag").count == 12_000)
        }
    }
}
