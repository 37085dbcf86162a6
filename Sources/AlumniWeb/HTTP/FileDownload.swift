import Foundation
import Hummingbird

/// A file someone sent us, as a download: never shown inline on our origin, whatever its type.
struct FileDownload {
    var filename: String
    var data: Data

    var response: Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", .contentDisposition: AttachmentName.disposition(filename),
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
