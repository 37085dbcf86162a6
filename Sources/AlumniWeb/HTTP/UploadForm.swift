import AlumniCore
import Foundation
import Hummingbird
import MultipartKit

/// A form that may carry files (`multipart/form-data`, read by MultipartKit's parser) or none
/// (`application/x-www-form-urlencoded`), checked against a form token before anything reads it.
struct UploadForm: Sendable {
    let fields: [String: String]
    /// The files chosen, in order; a file input left empty sends none.
    let files: [UploadedFile]

    /// The largest body taken: the most files at their largest, and room for the text.
    static let maxBody = UploadedFile.maxCount * UploadedFile.maxBytes + 1024 * 1024

    /// The form of `request`, if its `csrf` field is `token`; else ``DeskError/badFormToken``.
    static func checked(_ request: Request, token: String) async throws -> UploadForm {
        let contentType = request.headers[.contentType] ?? ""
        let body = try await request.body.collect(upTo: maxBody)
        let form: UploadForm
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            form = try multipart(body, contentType: contentType)
        } else {
            form = UploadForm(fields: try DeskForm.parse(body).values, files: [])
        }
        guard let sent = form.fields["csrf"], FormToken.equal(sent, token) else { throw DeskError.badFormToken }
        return form
    }

    private static func multipart(_ body: ByteBuffer, contentType: String) throws -> UploadForm {
        guard let range = contentType.range(of: "boundary=") else {
            throw DeskError.badInput(field: "form", reason: "multipart/form-data without a boundary")
        }
        let boundary =
            contentType[range.upperBound...].split(separator: ";").first
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
        let parser = MultipartParser(boundary: boundary)
        var fields: [String: String] = [:]
        var files: [UploadedFile] = []
        var headers: [String: String] = [:]
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            let name = Self.parameter("name", of: disposition) ?? ""
            if let filename = Self.parameter("filename", of: disposition) {
                if !filename.isEmpty || content.readableBytes > 0 {
                    files.append(UploadedFile(filename: filename, data: Data(buffer: content)))
                }
            } else {
                fields[name] = String(buffer: content)
            }
            headers = [:]
            content = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw DeskError.badInput(field: "form", reason: "is not a readable multipart/form-data body")
        }
        return UploadForm(fields: fields, files: files)
    }

    /// The value of `name="…"` in a `Content-Disposition` header.
    private static func parameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(name + "=") else { continue }
            return String(pair.dropFirst(name.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    subscript(name: String) -> String? { fields[name] }
}
