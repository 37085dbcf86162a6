import Foundation
import Hummingbird

/// A `multipart/form-data` body (a form with a file), split into its named parts. Small and
/// strict: what the desk's own upload form sends.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var body: Data
    }

    let parts: [Part]

    /// The parts of `body`, sent with `contentType` (which carries the boundary).
    init(body: Data, contentType: String?) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundaryRange = contentType.range(of: "boundary=")
        else { throw DeskError.badInput(field: "file", reason: "send the form as multipart/form-data") }
        let boundary = contentType[boundaryRange.upperBound...].trimmingCharacters(
            in: CharacterSet(charactersIn: "\" "))
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        while let start = body.range(of: delimiter, in: cursor..<body.endIndex) {
            let afterDelimiter = start.upperBound
            guard let next = body.range(of: delimiter, in: afterDelimiter..<body.endIndex) else { break }
            let part = body[afterDelimiter..<next.lowerBound]
            if let split = part.range(of: headerEnd) {
                let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
                var content = part[split.upperBound..<part.endIndex]
                if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
                if let name = Self.attribute("name", in: headers) {
                    parts.append(
                        Part(name: name, filename: Self.attribute("filename", in: headers), body: Data(content)))
                }
            }
            cursor = next.lowerBound
        }
        self.parts = parts
    }

    /// The text of part `name`, nil when absent.
    subscript(name: String) -> String? {
        parts.first { $0.name == name }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// `attribute="value"` from a part's Content-Disposition header.
    private static func attribute(_ attribute: String, in headers: String) -> String? {
        guard let range = headers.range(of: "; \(attribute)=\"") else { return nil }
        return String(headers[range.upperBound...].prefix { $0 != "\"" })
    }
}
