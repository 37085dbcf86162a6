import AlumniCore
import Foundation

/// A CSV row read and checked away from the database: its fields as written (a patch, for
/// `--update`) and the same fields validated for a new person, or why they are not valid.
struct CheckedRow: Sendable {
    var record: CSVReader.Record
    var patch: Result<PersonFields, ValidationFailure>
    var validated: Result<PersonFields, ValidationFailure>
    /// The validated person's search text, folded here rather than on the writing thread.
    var searchText: String?

    init(_ record: CSVReader.Record, header: PersonCSV.Header) {
        self.record = record
        do {
            let fields = try header.fields(from: record.fields)
            patch = .success(fields)
            validated = Result { () throws(ValidationFailure) in try fields.validated() }
            searchText = (try? validated.get()).map(PersonRows.searchText(of:))
        } catch {
            patch = .failure(error)
            validated = .failure(error)
        }
    }
}

/// Rows on their way from the reading thread to the writing one.
struct CheckedBatch: Sendable {
    /// The file's header row, for rejects files.
    var header: [String]
    var rows: [CheckedRow] = []
    /// Bytes of the file read so far, for progress.
    var bytes = 0
}

/// Reads a people CSV on a thread of its own: parsing, mapping columns, validating rows and
/// folding search text (about a sixth of a million-row import) while the caller's thread
/// writes the batch before.
enum CheckedRows {
    /// Starts reading `file`, handing batches of `batchSize` rows to the returned queue. Small
    /// batches keep memory flat: with 1,000 rows a batch the import's peak grew from 123 to
    /// 166 MB for a million rows, with 10,000 to 335 MB, and it was no faster.
    static func read(_ file: FileHandle, batchSize: Int = 100) -> Handoff<CheckedBatch> {
        let handoff = Handoff<CheckedBatch>(capacity: 4)
        let thread = Thread { handoff.finish(Result { try produce(file, batchSize: batchSize, into: handoff) }) }
        thread.name = "alumni-import-reader"
        thread.start()
        return handoff
    }

    private struct Stopped: Error {}

    private static func produce(_ file: FileHandle, batchSize: Int, into handoff: Handoff<CheckedBatch>) throws {
        var reader = CSVReader()
        var header: PersonCSV.Header?
        var names: [String] = []
        var rows: [CheckedRow] = []
        var bytes = 0
        let handOver = {
            guard handoff.put(CheckedBatch(header: names, rows: rows, bytes: bytes)) else { throw Stopped() }
            rows = []
            rows.reserveCapacity(batchSize)
        }
        let emit = { (record: CSVReader.Record) throws in
            guard let header else {
                header = try headerOf(record)
                names = record.fields
                return
            }
            rows.append(CheckedRow(record, header: header))
            if rows.count == batchSize { try handOver() }
        }
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += chunk.count
            try reader.feed(chunk, emit: emit)
        }
        try reader.finish(emit: emit)
        guard header != nil else {
            throw ValidationFailure([FieldError(field: "header", reason: "the file is empty")])
        }
        if !rows.isEmpty { try handOver() }
    }

    private static func headerOf(_ record: CSVReader.Record) throws(ValidationFailure) -> PersonCSV.Header {
        do {
            return try PersonCSV.Header(record.fields)
        } catch {
            throw ValidationFailure(error.errors.map { FieldError(field: "header: \($0.field)", reason: $0.reason) })
        }
    }
}
