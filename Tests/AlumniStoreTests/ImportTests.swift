import AlumniCore
import GRDB
import Testing

@_spi(RawDatabase) @testable import AlumniStore

@Suite struct ImportTests {
    private let header = "given_name,family_name,email,kind,country,joined,left,ref,tags\n"

    private func run(
        _ test: TestDatabase, _ csv: String, _ options: PeopleImportOptions = PeopleImportOptions()
    ) throws -> (ImportSummary, [ImportRejection]) {
        var rejections: [ImportRejection] = []
        let summary = try test.database.importPeople(
            from: try test.file("people.csv", csv), options: options, actor: "importer"
        ) { rejections.append($0) }
        return (summary, rejections)
    }

    private func count(_ test: TestDatabase) throws -> Int {
        try test.database.people(matching: PersonQuery(), as: "test").total
    }

    @Test func anyBadRowMeansNothingIsStoredAndEveryBadRowIsReported() throws {
        let test = try TestDatabase()
        _ = try test.add("Existing", "Person", ref: "E1")
        let csv =
            header + """
                Åse,Ødegård,ase@example.no,employee,NO,2001-01-01,2020-01-01,E2,
                ,Nameless,n@example.no,employee,NO,,,E3,
                Bad,Mail,not-an-email,employee,NO,,,E4,
                Far,Away,f@example.no,employee,XX,,,E5,
                Back,Wards,b@example.no,employee,NO,2020-01-01,2010-01-01,E6,
                Dup,Licate,d@example.no,employee,NO,,,E1,

                """
        let (summary, rejections) = try run(test, csv)
        #expect(!summary.committed)
        #expect(summary.rejected == 5)
        #expect(rejections.map(\.line) == [3, 4, 5, 6, 7])
        #expect(rejections.map { $0.errors.first!.field } == ["given_name", "email", "country", "left", "ref"])
        #expect(try count(test) == 1)
    }

    @Test func skipInvalidStoresTheGoodRows() throws {
        let test = try TestDatabase()
        let csv = header + "A,One,a@example.dk,customer,DK,,,C1,vip;board\nB,Two,broken,customer,DK,,,C2,\n"
        var options = PeopleImportOptions()
        options.skipInvalid = true
        let (summary, rejections) = try run(test, csv, options)
        #expect(summary == ImportSummary(added: 1, updated: 0, rejected: 1, committed: true))
        #expect(rejections.first?.fields == ["B", "Two", "broken", "customer", "DK", "", "", "C2", ""])
        #expect(try test.database.person(ref: "C1", as: "test").fields.tags == ["board", "vip"])
    }

    @Test func aDryRunStoresNothing() throws {
        let test = try TestDatabase()
        let (summary, _) = try run(
            test, header + "A,One,a@example.dk,customer,DK,,,C1,\n", PeopleImportOptions(dryRun: true))
        #expect(summary.added == 1 && !summary.committed)
        #expect(try count(test) == 0)
    }

    @Test func updateModeChangesPeopleWhoseRefExists() throws {
        let test = try TestDatabase()
        let existing = try test.add("Kari", "Berg", kind: .employee, ref: "E1")
        let csv =
            header
            + "Kari,Berg-Hansen,kari@example.no,employee,NO,,2024-05-31,E1,\nNy,Person,ny@example.no,employee,NO,,,E2,\n"
        let (summary, _) = try run(test, csv, PeopleImportOptions(update: true))
        #expect(summary == ImportSummary(added: 1, updated: 1, rejected: 0, committed: true))
        let updated = try test.database.person(id: existing.id, as: "test")
        #expect(updated.fields.familyName == "Berg-Hansen")
        #expect(updated.fields.left == CalendarDate(iso: "2024-05-31"))
    }

    @Test func aDuplicateRefInsideTheFileIsRefused() throws {
        let test = try TestDatabase()
        let (summary, rejections) = try run(test, header + "A,One,,employee,,,,E1,\nB,Two,,employee,,,,E1,\n")
        #expect(summary.rejected == 1)
        #expect(rejections.first?.line == 3)
        #expect(rejections.first?.errors.first?.field == "ref")
    }

    @Test func quotesLineBreaksAndAByteOrderMarkSurvive() throws {
        let test = try TestDatabase()
        let csv =
            "\u{FEFF}family_name,given_name,kind,address,ref\r\n\"Nyström, d.ä.\",Björn,employee,\"Storgatan 1\r\n114 55 Stockholm\",\"E \"\"7\"\"\"\r\n"
        let (summary, _) = try run(test, csv)
        #expect(summary.added == 1)
        let person = try test.database.person(ref: "E \"7\"", as: "test")
        #expect(person.fields.familyName == "Nyström, d.ä.")
        #expect(person.fields.address == "Storgatan 1\r\n114 55 Stockholm")
    }

    @Test func aBadHeaderIsRefusedBeforeAnyRow() throws {
        let test = try TestDatabase()
        #expect(throws: ValidationFailure.self) { _ = try run(test, "given_name,surname,kind\nA,B,employee\n") }
        #expect(try count(test) == 0)
    }

    @Test func exportThenImportGivesTheSamePeople() throws {
        let source = try TestDatabase()
        try source.database.seedDemo(count: 120, seed: 3, today: CalendarDate(iso: "2026-11-23")!, actor: "demo")
        var csv = CSVWriter.line(PersonCSV.Column.allCases.map(\.rawValue))
        try source.database.exportPeople(matching: PersonQuery(), as: "test") {
            csv += CSVWriter.line(PersonCSV.row(for: $0.fields))
        }

        let target = try TestDatabase()
        let (summary, _) = try run(target, csv)
        #expect(summary.added == 120)
        var all = PersonQuery()
        all.limit = 500
        let before = try source.database.people(matching: all, as: "test").items.map(\.fields)
        let after = try target.database.people(matching: all, as: "test").items.map(\.fields)
        #expect(before.count == after.count)
        #expect(before.elementsEqual(after), "people differ after the round trip")
    }

    /// A file that at least doubles the directory goes in with the secondary indexes set aside and
    /// rebuilt; afterwards, and after a refused file, every index is there and finds its rows.
    @Test func aLargeImportLeavesEveryIndexInPlace() throws {
        let test = try TestDatabase()
        let indexes = {
            try test.database.writer.read { db in
                try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            }
        }
        let before = try indexes()
        // Past the 1 MB (10,000 rows of 100 bytes) below which indexes are kept: long addresses.
        let address = String(repeating: "Storgata 1, 0155 Oslo; ", count: 20)
        var rows = "given_name,family_name,email,kind,country,address,left,ref,tags\n"
        for n in 1...2_500 {
            rows +=
                "Åse,Ødegård \(n),ase\(n)@example.no,employee,NO,\"\(address)\",2019-0\(n % 9 + 1)-01,E\(n),t\(n % 7)\n"
        }
        #expect(rows.utf8.count > 1_000_000)
        let (refused, _) = try run(test, rows + "Bad,Row,not-an-email,employee,NO,,,E0,\n")
        #expect(!refused.committed)
        #expect(try indexes() == before)

        let (summary, _) = try run(test, rows)
        #expect(summary.added == 2_500 && summary.committed)
        #expect(try indexes() == before)
        var query = PersonQuery()
        query.tag = "t3"
        query.leftAfter = CalendarDate(iso: "2019-03-15")
        query.leftBefore = CalendarDate(iso: "2019-04-15")
        let expected = (1...2_500).filter { $0 % 9 + 1 == 4 && $0 % 7 == 3 }.count
        #expect(try test.database.people(matching: query, as: "test").total == expected)
    }

    /// Rows are read on another thread: a file that stops being CSV after many good rows, or
    /// has no rows at all, still fails the whole import and stores nothing.
    @Test func aBrokenOrEmptyFileStoresNothing() throws {
        let test = try TestDatabase()
        var csv = header
        for n in 1...450 { csv += "P\(n),Q,p\(n)@example.no,customer,SE,,,C\(n),\n" }
        csv += "Broken,\"quote,b@example.no,customer,SE,,,C0,\n"
        #expect(throws: CSVReader.SyntaxError.self) { try run(test, csv) }
        #expect(try count(test) == 0)
        #expect(throws: ValidationFailure.self) { try run(test, "") }
        #expect(try count(test) == 0)
        let (summary, _) = try run(test, csv.replacingOccurrences(of: "\"quote", with: "Quote"))
        #expect(summary.added == 451)
    }

    @Test func anImportCommitsInBatchesSoOtherWritersGetIn() throws {
        let test = try TestDatabase()
        let rows = (1...50).map { "Given\($0),Family\($0),p\($0)@example.com,customer,SE,B-\($0)" }
        let file = try test.file(
            "people.csv", "given_name,family_name,email,kind,country,ref\n" + rows.joined(separator: "\n"))
        var options = PeopleImportOptions()
        options.batchSize = 10
        options.progressEvery = 10
        var between = 0
        let summary = try test.database.importPeople(
            from: file, options: options, actor: "hr",
            onProgress: { _ in
                // Between batches the import holds no lock: another write goes through.
                if (try? test.add("Other", "Writer\(between)", kind: .customer)) != nil { between += 1 }
            })
        #expect(summary.committed && summary.added == 50)
        #expect(between >= 4)
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == 50 + between)
    }

    @Test func aRefusedRowUndoesTheBatchesAlreadyCommittedAndLeavesOtherWritersAlone() throws {
        let test = try TestDatabase()
        let rows = (1...30).map { "Given\($0),Family\($0),p\($0)@example.com,customer,SE,U-\($0)" }
        let file = try test.file(
            "people.csv",
            "given_name,family_name,email,kind,country,ref\n" + rows.joined(separator: "\n")
                + "\nBad,Row,not-an-email,customer,SE,U-31")
        var options = PeopleImportOptions()
        options.batchSize = 10
        options.progressEvery = 10
        var committedMeanwhile = 0
        let summary = try test.database.importPeople(
            from: file, options: options, actor: "hr",
            onProgress: { _ in
                committedMeanwhile = max(
                    committedMeanwhile, (try? test.database.people(matching: PersonQuery(), as: "test").total) ?? 0)
                _ = try? test.add("Other", "Writer\(committedMeanwhile)", kind: .customer)
            })
        #expect(!summary.committed)
        #expect(committedMeanwhile > 0, "batches were committed before the bad row came")
        let left = try test.database.people(matching: PersonQuery(), as: "test").items.map { $0.fields.givenName }
        #expect(left.allSatisfy { $0 == "Other" }, "only the other writer's people stay")
        #expect(try test.database.auditEvents(limit: 200, as: "test").items.contains { $0.action == "import.undone" })
        #expect(
            !(try test.database.auditEvents(limit: 200, as: "test").items.contains { $0.action == "people.imported" }))
    }

    /// People go in many to a statement: across statements each keeps their own tags, and a
    /// reference someone already has is refused on its own line while its statement's others stay.
    @Test func peopleWrittenManyAtATimeKeepTheirOwnTagsAndADuplicateIsNamedByItsLine() throws {
        let test = try TestDatabase()
        _ = try test.add("Existing", "Customer", kind: .customer, ref: "C100")
        let rows = (1...200).map { "Given\($0),Family\($0),p\($0)@example.com,customer,SE,,,C\($0),t\($0);all" }
        var options = PeopleImportOptions()
        options.skipInvalid = true
        let (summary, rejections) = try run(test, header + rows.joined(separator: "\n") + "\n", options)
        #expect(summary == ImportSummary(added: 199, rejected: 1, committed: true))
        #expect(rejections.map(\.line) == [101])
        #expect(rejections.first?.errors.first?.field == "ref")
        for n in [1, 64, 65, 99, 101, 128, 129, 200] {
            let person = try test.database.person(ref: "C\(n)", as: "test")
            #expect(person.fields.givenName == "Given\(n)")
            #expect(person.fields.tags == ["all", "t\(n)"])
        }
        #expect(try test.database.person(ref: "C100", as: "test").fields.tags == [])
    }

    /// One audit entry stands for an import's people, and each of them finds it in their own trail.
    @Test func aPersonsAuditTrailShowsTheImportThatAddedThem() throws {
        let test = try TestDatabase()
        let other = try test.add("Added", "ByHand")
        let csv = header + "A,One,a@example.dk,customer,DK,,,C1,\nB,Two,b@example.dk,customer,DK,,,C2,\n"
        let (summary, _) = try run(test, csv)
        #expect(summary.added == 2 && summary.committed)
        let imported = try test.database.auditEvents(limit: 50, as: "test").items.filter {
            $0.action == "people.imported"
        }
        #expect(imported.count == 1)
        #expect(imported.first?.actor == "importer")
        #expect(imported.first?.detail?.hasSuffix(": 2 people added") == true)
        let person = try test.database.person(ref: "C2", as: "test")
        #expect(
            try test.database.auditEvents(personId: person.id, as: "test").items.map(\.action) == ["people.imported"])
        #expect(
            !(try test.database.auditEvents(personId: other.id, as: "test").items.contains {
                $0.action == "people.imported"
            }))
    }
}
