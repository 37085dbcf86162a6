import AlumniCore
import Foundation
import GRDB

/// A file a person attached to a message of theirs in the portal, without its content.
public struct InquiryAttachment: Sendable, Equatable, Codable {
    public var id: Int64
    public var inquiryId: Int64
    /// The thread event (the person's message) it came with.
    public var eventId: Int64
    public var filename: String
    /// PDF, JPEG or PNG, as judged by its content.
    public var contentType: String
    public var size: Int
}

/// An attached file with its content, as a person's data export carries it.
public struct AttachedFile: Sendable, Encodable {
    public var attachment: InquiryAttachment
    public var content: Data
}

extension AlumniDatabase {
    /// Stores checked files with the thread event `eventId`, inside the caller's transaction.
    func attach(
        _ files: [(UploadedFile, String)], toEvent eventId: Int64, inquiryId: Int64, personId: Int64, now: Date,
        in db: Database
    ) throws {
        for file in files {
            try db.cachedStatement(sql: Self.attachSQL).execute(
                arguments: StatementArguments(
                    Self.attachValues(file, eventId: eventId, inquiryId: inquiryId, personId: personId, now: now)))
        }
    }

    static let attachSQL = """
        INSERT INTO inquiry_attachment (inquiry_id, event_id, person_id, filename, content_type, size, data, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The values of ``attachSQL`` for a checked file and its content type.
    static func attachValues(
        _ file: (UploadedFile, String), eventId: Int64, inquiryId: Int64, personId: Int64, now: Date
    ) -> [(any DatabaseValueConvertible)?] {
        let (upload, type) = file
        return [
            inquiryId, eventId, personId, safeFilename(upload.filename), type, upload.data.count, upload.data,
            now.stored,
        ]
    }

    /// A file name fit to show and to offer for download: its last path part, without control
    /// characters or quotes, at most 120 characters; "file" when nothing is left.
    static func safeFilename(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" })
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "file" : String(clean.prefix(120))
    }

    static let attachmentColumns = "id, inquiry_id, event_id, filename, content_type, size"

    /// The files the person bound attached in the portal, with their content, oldest first.
    static let attachedFilesSQL =
        "SELECT \(attachmentColumns), data FROM inquiry_attachment WHERE person_id = ? ORDER BY id"

    /// The files of the inquiry bound, oldest first.
    static let attachmentsOfInquirySQL =
        "SELECT \(attachmentColumns) FROM inquiry_attachment WHERE inquiry_id = ? ORDER BY id"
    /// The inquiry of the attachment bound.
    static let attachmentInquirySQL = "SELECT inquiry_id FROM inquiry_attachment WHERE id = ?"
    /// An attachment with its person and content: by id, and of the person bound second unless NULL.
    static let attachmentWithDataSQL = """
        SELECT \(attachmentColumns), person_id, data FROM inquiry_attachment
        WHERE id = ? AND person_id = coalesce(?, person_id)
        """

    /// `attachments` by the event they came with.
    static func byEvent(_ attachments: [InquiryAttachment]) -> [Int64: [InquiryAttachment]] {
        Dictionary(grouping: attachments, by: \.eventId)
    }

    static func attachedFile(_ row: Row) -> AttachedFile {
        AttachedFile(attachment: attachment(row), content: row["data"])
    }

    static func attachment(_ row: Row) -> InquiryAttachment {
        InquiryAttachment(
            id: row["id"], inquiryId: row["inquiry_id"], eventId: row["event_id"], filename: row["filename"],
            contentType: row["content_type"], size: row["size"])
    }

    /// The files of an inquiry, by the event they came with.
    func attachments(ofInquiry id: Int64, in db: Database) throws -> [Int64: [InquiryAttachment]] {
        Self.byEvent(
            try Row.fetchAll(db.cachedStatement(sql: Self.attachmentsOfInquirySQL), arguments: [id]).map(
                Self.attachment))
    }

    /// The files people attached to an inquiry, by the event they came with, if `actor` may read it.
    public func inquiryAttachments(inquiryId: Int64, as actor: Caller) throws -> [Int64: [InquiryAttachment]] {
        _ = try inquiry(id: inquiryId, as: actor)
        return try writer.read { db in try attachments(ofInquiry: inquiryId, in: db) }
    }

    /// One attached file with its content, if `actor` may read its inquiry; the read is audited.
    public func inquiryAttachment(id: Int64, as actor: Caller) throws -> (InquiryAttachment, Data) {
        guard
            let inquiryId = try writer.read({ db in
                try Int64.fetchOne(db, sql: Self.attachmentInquirySQL, arguments: [id])
            })
        else { throw StoreError.notFound("attachment #\(id)") }
        _ = try inquiry(id: inquiryId, as: actor)
        return try attachment(id: id, personId: nil, reader: actor.name)
    }

    /// One of the person's own attached files; another's is not found. The read is audited.
    public func portalAttachment(id: Int64, personId: Int64) throws -> (InquiryAttachment, Data) {
        try attachment(id: id, personId: personId, reader: PortalRows.actor(personId))
    }

    private func attachment(id: Int64, personId: Int64?, reader: String) throws -> (InquiryAttachment, Data) {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: Self.attachmentWithDataSQL, arguments: [id, personId])
            else { throw StoreError.notFound("attachment #\(id)") }
            let attachment = Self.attachment(row)
            try AuditLog.record(
                "inquiry.attachment.read", personId: row["person_id"], actor: reader, at: clock.now(),
                detail: "attachment #\(id) of inquiry #\(attachment.inquiryId)", in: db)
            return (attachment, row["data"])
        }
    }

    /// Every file the person attached, with its content, for their data export.
    func attachedFiles(personId: Int64, in db: Database) throws -> [AttachedFile] {
        try Row.fetchAll(db, sql: Self.attachedFilesSQL, arguments: [personId]).map(Self.attachedFile)
    }
}
