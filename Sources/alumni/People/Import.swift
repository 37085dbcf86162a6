import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.People {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import people from a CSV file.",
            discussion: """
                The header row names the columns, in any order: \(PersonCSV.Column.allCases.map(\.rawValue).joined(separator: ", ")) \
                (given_name, family_name and kind are required; tags are separated by ';'; see docs/cli.md). \
                Every row is checked first. Unless --skip-invalid is given, one bad row means nothing is imported. \
                On PostgreSQL the import is one transaction (--batch-size does not apply) that other writers wait for.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The CSV file (UTF-8, with or without a byte order mark).") var file: String
        @Flag(help: "Check every row and report, but store nothing.") var dryRun = false
        @Flag(help: "Rows whose ref (and kind) already exists update that person instead of being refused.")
        var update = false
        @Option(help: "Import the good rows and write the bad ones, with their errors, to this CSV file.")
        var skipInvalid: String?
        @Option(help: "New people per transaction: other writers get in between; a failed import is undone whole.")
        var batchSize = 1_000

        /// Bad rows printed on the terminal; the rest are counted (and all are in the rejects file).
        static let rejectionsShown = 50

        func validate() throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("Cannot read the file '\(file)'")
            }
            guard batchSize >= 1 else { throw ValidationError("--batch-size: at least 1") }
        }

        func run() async throws {
            var rejects = try skipInvalid.map { try RejectsFile(path: $0) }
            var shown = 0
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            var options = PeopleImportOptions(dryRun: dryRun, update: update, skipInvalid: skipInvalid != nil)
            options.progressEvery = 100_000
            options.batchSize = batchSize
            let file = URL(fileURLWithPath: file)
            let summary = try await store.withStore { store, actor in
                try await store.importPeople(
                    from: file, options: options, actor: actor,
                    onRejected: { rejection in
                        rejects?.write(rejection)
                        shown += 1
                        if shown <= Self.rejectionsShown {
                            for error in rejection.errors {
                                Output.note("line \(rejection.line), \(error.field): \(error.reason)")
                            }
                        }
                    },
                    onProgress: { progress in
                        let percent = size > 0 ? " (\(progress.bytes * 100 / size) % of the file)" : ""
                        Output.note("… \(progress.rows) rows\(percent)")
                    })
            }
            try rejects?.close()
            if shown > Self.rejectionsShown {
                Output.note("… and \(shown - Self.rejectionsShown) more bad rows")
            }
            try report(summary)
        }

        private func report(_ summary: ImportSummary) throws {
            if output.json {
                try Output.json(summary)
            } else {
                print("added \(summary.added), updated \(summary.updated), rejected \(summary.rejected)")
                if dryRun {
                    print("Dry run: nothing was stored.")
                } else if !summary.committed {
                    print("Nothing was imported: fix the rows above, or use --skip-invalid REJECTS.csv.")
                } else if let skipInvalid, summary.rejected > 0 {
                    print("The rejected rows are in \(skipInvalid).")
                }
            }
            if summary.rejected > 0 && skipInvalid == nil { throw ExitCode(2) }
        }
    }
}

/// The rows an import refused, in the import's own layout plus an `errors` column, so they
/// can be fixed and imported again.
struct RejectsFile {
    private let handle: FileHandle
    private var wroteHeader = false

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationError("Cannot write the rejects file '\(path)'")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    mutating func write(_ rejection: ImportRejection) {
        if !wroteHeader {
            handle.write(Data(CSVWriter.line(rejection.header + [PersonCSV.errorsColumn]).utf8))
            wroteHeader = true
        }
        let errors = rejection.errors.map(\.description).joined(separator: "; ")
        handle.write(Data(CSVWriter.line(rejection.fields + ["line \(rejection.line): \(errors)"]).utf8))
    }

    func close() throws {
        try handle.close()
    }
}
