import Foundation

/// A file a person attached to a question or a reply in the portal.
public struct UploadedFile: Sendable, Equatable {
    public var filename: String
    public var data: Data

    public init(filename: String, data: Data) {
        self.filename = filename
        self.data = data
    }

    /// At most this many files on one message.
    public static let maxCount = 5
    /// At most this many bytes a file.
    public static let maxBytes = 10 * 1024 * 1024

    /// The file's type judged by its first bytes, whatever its name says: PDF, JPEG or PNG;
    /// nil for anything else.
    public var contentType: String? {
        let bytes = [UInt8](data.prefix(8))
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// The files checked against the rules: at most ``maxCount``, none empty or larger than
    /// ``maxBytes``, each a PDF, JPEG or PNG by its content. Each refusal names the file.
    public static func checked(_ files: [UploadedFile]) throws(ValidationFailure) -> [(UploadedFile, String)] {
        var errors: [FieldError] = []
        if files.count > maxCount {
            errors.append(FieldError(field: "files", reason: "at most \(maxCount) files, not \(files.count)"))
        }
        var checked: [(UploadedFile, String)] = []
        for file in files {
            if file.data.isEmpty {
                errors.append(FieldError(field: "files", reason: "'\(file.filename)' is empty"))
            } else if file.data.count > maxBytes {
                errors.append(FieldError(field: "files", reason: "'\(file.filename)' is larger than 10 MB"))
            } else if let type = file.contentType {
                checked.append((file, type))
            } else {
                errors.append(FieldError(field: "files", reason: "'\(file.filename)' is not a PDF, JPEG or PNG file"))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return checked
    }
}
