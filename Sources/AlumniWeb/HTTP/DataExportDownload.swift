import AlumniStore
import Foundation
import Hummingbird

/// Everything held about a person as a JSON file the browser saves under `name`: the desk's
/// data-access answer and the portal's "a copy of my data" alike.
struct DataExportDownload {
    var name: String
    var export: PersonDataExport

    func response() throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(export))))
    }
}
