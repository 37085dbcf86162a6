import AlumniStore
import Foundation

/// What a page shows of a file that came by mail: its name, its size and the link that downloads it.
enum AttachmentValues {
    static func of(_ file: InboundAttachment) -> PageValue {
        [
            "href": "/mail/attachments/\(file.id)", "filename": file.filename,
            "size": ByteCountFormatter.string(fromByteCount: Int64(file.size), countStyle: .file),
        ]
    }
}
