import Foundation
import Hummingbird
import MultipartKit

/// The directory's import form (`multipart/form-data`), read by MultipartKit: the session's
/// form token, whether to update people already there, and the CSV file.
struct ImportUpload: Decodable {
    var csrf: String
    var update: String?
    var file: Data?

    /// The upload in `body`, sent with `contentType` (which carries the boundary).
    init(body: ByteBuffer, contentType: String?) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundaryRange = contentType.range(of: "boundary=")
        else { throw DeskError.badInput(field: "file", reason: "send the form as multipart/form-data") }
        let boundary = contentType[boundaryRange.upperBound...].trimmingCharacters(
            in: CharacterSet(charactersIn: "\" "))
        do {
            self = try FormDataDecoder().decode(ImportUpload.self, from: body, boundary: boundary)
        } catch {
            // Without the form's token there is no telling it came from this session.
            throw DeskError.badFormToken
        }
    }

    /// The file's bytes; empty when none was chosen.
    var fileData: Data { file ?? Data() }
}
