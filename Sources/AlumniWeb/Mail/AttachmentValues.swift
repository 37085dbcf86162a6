import AlumniStore
import Foundation

/// What a page shows of a file someone sent: its name, its size and the link that downloads it.
enum AttachmentValues {
    /// A file that came by mail.
    static func of(_ file: InboundAttachment) -> PageValue {
        values(href: "/mail/attachments/\(file.id)", filename: file.filename, size: file.size)
    }

    /// A file attached in the portal.
    static func of(_ file: InquiryAttachment) -> PageValue {
        values(href: "/inquiries/attachments/\(file.id)", filename: file.filename, size: file.size)
    }

    private static func values(href: String, filename: String, size: Int) -> PageValue {
        [
            "href": href, "filename": filename,
            "size": ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file),
        ]
    }
}
