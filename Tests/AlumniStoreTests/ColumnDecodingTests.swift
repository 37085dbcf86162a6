import AlumniCore
import Foundation
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// Rows read by position decode each column into its own field, and closing the database
/// closes every connection it opened.
@Suite struct ColumnDecodingTests {
    @Test func everySelectListNamesColumnsOfItsTable() throws {
        let test = try TestDatabase()
        for (table, names) in [
            ("inquiry", InquiryRows.Column.allCases.map(\.name)), ("person", PersonRows.Column.allCases.map(\.name)),
            ("staff_user", StaffUser.Column.allCases.map(\.name)),
        ] {
            let columns = try test.database.writer.read { db in try db.columns(in: table).map(\.name) }
            #expect(Set(names).isSubset(of: columns), "\(table): \(Set(names).subtracting(columns))")
        }
        #expect(PersonRows.columns.hasPrefix("person.id, person.kind, person.given_name, person.family_name"))
    }

    @Test func deadlinesAndNamesOfTheSameTypeLandInTheirOwnFields() throws {
        let test = try TestDatabase()
        let person = try test.add("Given", "Family")
        #expect(try test.database.person(id: person.id, as: "test").fields.givenName == "Given")
        #expect(try test.database.person(id: person.id, as: "test").fields.familyName == "Family")
        let opened = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .pension, subject: "Years abroad"), actor: "tester")
        let read = try test.database.inquiry(id: opened.id, as: "test")
        #expect(read.deadlines.firstResponseDue < read.deadlines.resolutionDue)
        #expect(read == opened)
    }

    @Test func closingClosesTheStatementReadersToo() throws {
        let test = try TestDatabase()
        let person = try test.add("Åse", "Ødegård")
        _ = try test.database.person(id: person.id, as: "test")  // a single-statement read opens a reader
        try test.database.close()
        // SQLite removes the WAL file when the last connection to the database closes.
        #expect(!FileManager.default.fileExists(atPath: test.folder.appendingPathComponent("test.sqlite-wal").path))
    }
}
