import AlumniCore
import Testing

@Suite struct SpreadsheetCellTests {
    @Test(arguments: [
        "=HYPERLINK(\"http://evil\",\"click\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=1",
    ])
    func formulasAreWrittenAsText(_ value: String) {
        let line = CSVWriter.line([value, "Åse"])
        #expect(line.hasPrefix("'") || line.hasPrefix("\"'"), "\(line)")
    }

    @Test(arguments: ["+47 22 33 44 55", "+1 (555) 010-9999", "Åse", "", "O'Brien", "a=b"])
    func phoneNumbersAndPlainTextStayAsTheyAre(_ value: String) {
        #expect(SpreadsheetCell.neutralized(value) == value)
    }

    @Test(arguments: ["=1+1", "'=1+1", "''@x", "'", "'plain", "+47 22 33 44 55", "-", "@"])
    func readingGivesBackExactlyWhatWasWritten(_ value: String) {
        #expect(SpreadsheetCell.restored(SpreadsheetCell.neutralized(value)) == value)
    }

    @Test func aPersonSurvivesAnExportAndImport() throws {
        var fields = PersonFields(
            givenName: "=HYPERLINK(\"http://x\")", familyName: "'@Ødegård", email: "ase@example.no",
            phone: "+47 22 33 44 55", kind: .employee)
        fields.departureReason = "-moved abroad"
        let header = PersonCSV.Column.allCases.map(\.rawValue)
        let written = CSVWriter.line(header) + CSVWriter.line(PersonCSV.row(for: fields))
        var reader = CSVReader()
        var records: [CSVReader.Record] = []
        try reader.feed(Array(written.utf8)[...]) { records.append($0) }
        try reader.finish { records.append($0) }
        let layout = try PersonCSV.Header(records[0].fields)
        let read = try layout.fields(from: records[1].fields)
        #expect(read.givenName == fields.givenName)
        #expect(read.familyName == fields.familyName)
        #expect(read.phone == fields.phone)
        #expect(read.departureReason == fields.departureReason)
    }
}
