import AlumniCore
import Testing

@Suite struct CSVReaderTests {
    /// Parses `text`, fed in chunks of `chunk` bytes to prove records survive any split.
    private func parse(_ text: String, chunk: Int = 1 << 16) throws -> [CSVReader.Record] {
        var reader = CSVReader()
        var records: [CSVReader.Record] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            try reader.feed(bytes[start..<min(start + chunk, bytes.count)]) { records.append($0) }
        }
        try reader.finish { records.append($0) }
        return records
    }

    @Test(arguments: [1, 2, 7, 1 << 16])
    func handlesQuotesCommasAndLineBreaksAtAnyChunkSize(chunk: Int) throws {
        let text = "\u{FEFF}a,b,c\r\n\"Nyström, Björn\",\"say \"\"hej\"\"\",\"two\nlines\"\r\nx,,z"
        let records = try parse(text, chunk: chunk)
        #expect(
            records.map(\.fields) == [
                ["a", "b", "c"], ["Nyström, Björn", "say \"hej\"", "two\nlines"], ["x", "", "z"],
            ])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func skipsBlankLinesAndAcceptsBareLineFeeds() throws {
        let records = try parse("a,b\n\n1,2\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(records.last?.line == 3)
    }

    @Test func reportsAnUnclosedQuoteWithItsLine() throws {
        let error = #expect(throws: CSVReader.SyntaxError.self) { _ = try parse("a,b\n\"open,2\n") }
        #expect(error?.line == 2)
        #expect(error?.description.contains("not closed") == true)
    }

    @Test func refusesAQuoteInsideAnUnquotedField() {
        #expect(throws: CSVReader.SyntaxError.self) { _ = try parse("a,b\nx\"y,2\n") }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() throws {
        let line = CSVWriter.line(["plain", "Nyström, Björn", "say \"hej\"", "two\nlines"])
        #expect(line == "plain,\"Nyström, Björn\",\"say \"\"hej\"\"\",\"two\nlines\"\r\n")
        #expect(try parse(line).first?.fields == ["plain", "Nyström, Björn", "say \"hej\"", "two\nlines"])
    }
}

@Suite struct PersonCSVTests {
    @Test func readsColumnsInAnyOrder() throws {
        let header = try PersonCSV.Header(["kind", "email", "family_name", "given_name", "tags", "left"])
        let fields = try header.fields(from: ["customer", "a@b.dk", "Kjær", "Mette", "vip;board", "2020-01-31"])
        #expect(fields.givenName == "Mette")
        #expect(fields.kind == .customer)
        #expect(fields.tags == ["vip", "board"])
        #expect(fields.left == CalendarDate(iso: "2020-01-31"))
    }

    @Test func refusesUnknownAndMissingColumns() {
        #expect(throws: ValidationFailure.self) {
            try PersonCSV.Header(["given_name", "family_name", "kind", "shoe_size"])
        }
        do {
            _ = try PersonCSV.Header(["given_name", "email"])
            Issue.record("a header without family_name and kind was accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["family_name", "kind"])
        }
    }

    @Test func namesTheColumnOfABadValue() throws {
        let header = try PersonCSV.Header(["given_name", "family_name", "kind", "joined"])
        do {
            _ = try header.fields(from: ["A", "B", "alien", "2020-02-30"])
            Issue.record("bad values were accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["kind", "joined"])
        }
    }

    @Test func aRowRoundTripsThroughTheExportLayout() throws {
        let fields = PersonFields(
            givenName: "Åse", familyName: "Ødegård", email: "ase@example.no", phone: "+47 912 34 567",
            address: "Storgata 1, Oslo", country: "NO", language: .nb, kind: .both, externalRef: "E-7",
            joined: CalendarDate(iso: "2001-01-01"), left: CalendarDate(iso: "2020-12-31"), departureReason: "new job",
            sentiment: .ambassador, tags: ["board", "mentor"])
        let header = try PersonCSV.Header(PersonCSV.Column.allCases.map(\.rawValue))
        #expect(try header.fields(from: PersonCSV.row(for: fields)) == fields)
    }
}

@Suite struct DemoPeopleTests {
    private let today = CalendarDate(iso: "2026-11-23")!

    @Test func theSameSeedGivesTheSamePeople() {
        let first = DemoPeople(count: 50, seed: 7, today: today).map(\.fields)
        let second = DemoPeople(count: 50, seed: 7, today: today).map(\.fields)
        let other = DemoPeople(count: 50, seed: 8, today: today).map(\.fields)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func demoPeopleAreValidAndEmployeesHaveCareers() throws {
        for person in DemoPeople(count: 300, seed: 1, today: today) {
            let fields = try person.fields.validated()
            let left = try #require(fields.left)
            #expect(left < today && left >= today.adding(months: -240))
            #expect(fields.kind!.wasEmployee == !person.employment.isEmpty)
            #expect(person.employment.last?.to == (fields.kind!.wasEmployee ? left : nil))
        }
    }
}
