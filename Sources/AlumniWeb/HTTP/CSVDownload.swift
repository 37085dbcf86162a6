import Hummingbird

/// A CSV file the browser saves under `name` instead of showing it.
struct CSVDownload {
    var name: String
    var text: String

    var response: Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
