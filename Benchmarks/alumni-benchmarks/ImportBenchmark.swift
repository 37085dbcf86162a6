import AlumniCore
import AlumniStore
import Foundation

/// Issue 2: importing generated people from CSV, against sqlite3's own `.import` of the same
/// file into an equivalent table, in the same run.
struct ImportBenchmark {
    let people: Int

    func run() throws {
        let folder = try scratchFolder("import")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("people.csv")
        try writeCSV(to: csv)
        let size = (try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print("file: \(people) people, \(size / 1_000_000) MB")

        let columns = PersonCSV.Column.allCases.map { "\"\($0.rawValue)\" TEXT" }.joined(separator: ", ")
        // The bare baseline: one table, no index. The equivalent one: the same unique and
        // secondary indexes as the person table, in WAL mode, as the import writes them.
        let (_, bare) = try measure {
            try runProgram(
                "/usr/bin/sqlite3", [folder.appendingPathComponent("bare.sqlite").path],
                input: "CREATE TABLE person (\(columns));\n.mode csv\n.import --skip 1 \(csv.path) person\n")
        }
        let (_, equivalent) = try measure {
            try runProgram(
                "/usr/bin/sqlite3", [folder.appendingPathComponent("equivalent.sqlite").path],
                input: """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE person (\(columns));
                    CREATE UNIQUE INDEX person_on_kind_ref ON person (kind, ref);
                    CREATE INDEX person_on_left ON person ("left");
                    CREATE INDEX person_on_name ON person (family_name, given_name);
                    .mode csv
                    .import --skip 1 \(csv.path) person

                    """)
        }

        let (_, checking) = try measure { try checkRows(csv) }

        let database = try AlumniDatabase.open(path: folder.appendingPathComponent("alumni.sqlite").path)
        let (summary, ours) = try measure {
            try database.importPeople(from: csv, options: PeopleImportOptions(), actor: .system("benchmark"))
        }
        precondition(summary.added == people && summary.committed, "import failed: \(summary)")

        print(String(format: "sqlite3 .import, bare table:       %.2f s (%.0f rows/s)", bare, Double(people) / bare))
        print(
            String(
                format: "sqlite3 .import, equivalent table: %.2f s (%.0f rows/s)", equivalent,
                Double(people) / equivalent))
        print(String(format: "alumni import:                     %.2f s (%.0f rows/s)", ours, Double(people) / ours))
        print(String(format: "  of which reading and checking rows, without the database: %.2f s", checking))
        print(
            String(
                format: "ratio: %.2f × the equivalent table, %.2f × the bare table (target ≤ 1.5)", ours / equivalent,
                ours / bare))
        print(
            String(
                format: "peak memory of this process (generation, both checks and the import): %.0f MB (target < 150)",
                peakMemoryMB()))
    }

    /// Parses and validates every row as the import does, storing nothing: the share of the
    /// import that is CSV and validation rather than SQLite.
    private func checkRows(_ url: URL) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = CSVReader()
        var header: PersonCSV.Header?
        var valid = 0
        let check = { (record: CSVReader.Record) throws in
            guard let columns = header else { return header = try PersonCSV.Header(record.fields) }
            _ = try columns.fields(from: record.fields).validated()
            valid += 1
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            try reader.feed(chunk, emit: check)
        }
        try reader.finish(emit: check)
        precondition(valid == people)
    }

    /// Writes the generated people as CSV without holding them in memory.
    func writeCSV(to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = CSVWriter.line(PersonCSV.Column.allCases.map(\.rawValue))
        for person in DemoPeople(count: people, seed: 42, today: CalendarDate(iso: "2026-11-23")!) {
            buffer += CSVWriter.line(PersonCSV.row(for: person.fields))
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}
