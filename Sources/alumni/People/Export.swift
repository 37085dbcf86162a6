import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.People {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export people as CSV (the import's columns) or JSON.",
            discussion: "Writes to standard output unless --output is given. Pension data is never exported here.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

        @OptionGroup var store: StoreOptions
        @OptionGroup var filters: PersonFilterOptions
        @Option(help: "csv or json.") var format = Format.csv
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let sink = try OutputSink(path: output)
            var count = 0
            if format == .csv {
                sink.write(CSVWriter.line(PersonCSV.Column.allCases.map(\.rawValue)))
            } else {
                sink.write("[")
            }
            let (query, format) = (filters.query, format)
            _ = try await store.withStore { store, actor in
                try await store.exportPeople(matching: query, as: actor) { person in
                    let row = PersonCSV.row(for: person.fields)
                    switch format {
                    case .csv:
                        sink.write(CSVWriter.line(row))
                    case .json:
                        let object = Dictionary(
                            uniqueKeysWithValues: zip(PersonCSV.Column.allCases.map(\.rawValue), row)
                        )
                        .merging(["id": String(person.id)]) { $1 }
                        let encoded = try JSONEncoder.sorted.encode(object)
                        sink.write((count == 0 ? "\n" : ",\n") + String(decoding: encoded, as: UTF8.self))
                    }
                    count += 1
                }
            }
            if format == .json { sink.write("\n]\n") }
            try sink.close()
            if output != nil { Output.note("Exported \(count) people to \(output!)") }
        }
    }
}

/// Buffered writing to a file or standard output.
final class OutputSink {
    private let handle: FileHandle
    private let closes: Bool
    private var buffer = Data()

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("Cannot write to '\(path)'")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            closes = true
        } else {
            handle = .standardOutput
            closes = false
        }
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func close() throws {
        flush()
        if closes { try handle.close() }
    }

    private func flush() {
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension JSONEncoder {
    static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
