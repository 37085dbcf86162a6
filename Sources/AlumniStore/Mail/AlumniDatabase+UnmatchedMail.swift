import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Mail that came in, newest first: by default the unmatched list staff work through.
    /// Lists show sender, subject and reason; the text is read with ``inboundMail(id:reader:)``.
    public func inboundMail(
        status: InboundMailRecord.Status? = .unmatched, limit: Int = 50, offset: Int = 0, as reader: Caller
    ) throws -> Page<InboundMailRecord> {
        try authorize(.readRestricted, reader)
        return try writer.read { db in
            let arguments: StatementArguments = status.map { [$0.rawValue] } ?? []
            let total = try Int.fetchOne(
                db, sql: UnmatchedMailRows.countSQL(filtered: status != nil), arguments: arguments)
            let rows = try Row.fetchAll(
                db, sql: UnmatchedMailRows.listSQL(filtered: status != nil), arguments: arguments + [limit, offset])
            let attachments = try InboundMailRows.attachments(ofMail: rows.map { $0["id"] }, in: db)
            return Page(
                items: rows.map {
                    UnmatchedMailRows.listed(InboundMailRows.record($0, attachments: attachments[$0["id"]] ?? []))
                }, total: total ?? 0,
                limit: limit, offset: offset)
        }
    }

    /// One message with its text; the read is audited with `reader` (it may be about a pension).
    public func inboundMail(id: Int64, reader: Caller) throws -> InboundMailRecord {
        try authorize(.readRestricted, reader)
        let reader = reader.name
        return try write { db in
            let record = try InboundMailRows.fetch(id: id, in: db)
            try AuditLog.record(
                "mail.read", personId: record.personId, actor: reader, at: clock.now(),
                detail: "mail #\(id)", in: db)
            return record
        }
    }

    /// The messages filed on `inquiryId`'s thread, by the event each became.
    public func inboundMail(ofInquiry inquiryId: Int64) throws -> [Int64: InboundMailRecord] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: InboundMailRows.ofInquirySQL, arguments: [inquiryId])
            let attachments = try InboundMailRows.attachments(ofMail: rows.map { $0["id"] }, in: db)
            return InboundMailRows.byEvent(
                rows.map { InboundMailRows.record($0, attachments: attachments[$0["id"]] ?? []) })
        }
    }

    /// A file that came with a message, for `actor`: one filed on an inquiry is theirs if the
    /// inquiry is (its type decides, as for the inquiry itself); one not filed needs the right
    /// to read restricted data. The read is audited.
    public func inboundAttachment(id: Int64, as actor: Caller) throws -> (InboundAttachment, Data) {
        let filed = try writer.read { db in
            try Row.fetchOne(db, sql: UnmatchedMailRows.attachmentInquirySQL, arguments: [id])
        }
        guard let filed else { throw StoreError.notFound("attachment #\(id)") }
        if let inquiryId: Int64 = filed["inquiry_id"] {
            _ = try inquiry(id: inquiryId, as: actor)
        } else {
            try authorize(.readRestricted, actor)
        }
        return try inboundAttachment(id: id, reader: actor.name)
    }

    /// A file that came with a message, with the message it came with; audited with `reader`.
    func inboundAttachment(id: Int64, reader: String) throws -> (InboundAttachment, Data) {
        try write { db in
            guard
                let row = try Row.fetchOne(db, sql: UnmatchedMailRows.attachmentSQL, arguments: [id])
            else { throw StoreError.notFound("attachment #\(id)") }
            try AuditLog.record(
                "mail.attachment.read", personId: row["person_id"], actor: reader, at: clock.now(),
                detail: "attachment #\(id) of mail #\(row["mail_id"] as Int64)", in: db)
            return UnmatchedMailRows.attachment(row)
        }
    }

    /// The message exactly as it arrived.
    public func inboundMailOriginal(id: Int64, reader: Caller) throws -> Data {
        try authorize(.readRestricted, reader)
        let reader = reader.name
        return try write { db in
            guard
                let row = try Row.fetchOne(db, sql: UnmatchedMailRows.originalSQL, arguments: [id])
            else { throw StoreError.notFound("mail #\(id)") }
            try AuditLog.record(
                "mail.read", personId: row["person_id"], actor: reader, at: clock.now(),
                detail: "mail #\(id), original", in: db)
            return row["original"]
        }
    }

    /// Files an unmatched message where staff say it belongs: on an inquiry as the requester's
    /// message, or as a new inquiry of a person (an existing one or one added now).
    public func assignInboundMail(id: Int64, to target: MailAssignment, actor: Caller) throws -> MailReceipt {
        try authorize(.writeRestricted, actor)
        let actor = actor.name
        let newPerson =
            try {
                if case .newPerson(let fields) = target { return try fields.validated() }
                return nil
            }() as PersonFields?
        return try write { db in
            let record = try InboundMailRows.fetch(id: id, in: db)
            try UnmatchedMailRows.checkUnmatched(record, filing: true)
            let now = clock.now()
            let body = UnmatchedMailRows.body(of: record)
            var receipt = MailReceipt(mailId: id, outcome: .reply, inquiryId: nil, personId: nil, duplicate: false)
            switch target {
            case .inquiry(let inquiryId):
                let inquiry = try InquiryRows.fetch(id: inquiryId, in: db)
                if record.nature == "automatic" {
                    try InquiryRows.addEvent(
                        .automatic, inquiryId: inquiryId, author: "person #\(inquiry.personId)", at: now, body: body,
                        in: db)
                    receipt.outcome = .automatic
                } else {
                    if inquiry.status == .closed { _ = try reopen(inquiry: inquiryId, actor: actor, in: db) }
                    _ = try recordInbound(toInquiry: inquiryId, body: body, at: now, actor: actor, in: db)
                }
                (receipt.inquiryId, receipt.personId) = (inquiryId, inquiry.personId)
            case .person, .newPerson:
                let personId: Int64
                if case .person(let existing) = target {
                    personId = try PersonRows.fetch(id: existing, in: db).id
                } else {
                    personId = try insertPerson(newPerson!, in: db)
                    try AuditLog.record("person.created", personId: personId, actor: actor, at: now, in: db)
                }
                let type = try settings(in: db).mail.inquiryType(forRecipient: record.recipient)
                let inquiry = try openInquiry(
                    UnmatchedMailRows.newInquiry(record, personId: personId, type: type), now: now, actor: actor,
                    in: db)
                (receipt.outcome, receipt.inquiryId, receipt.personId) = (.newInquiry, inquiry.id, personId)
            }
            let eventId = try receipt.inquiryId.flatMap { try InquiryRows.newestEventId(of: $0, in: db) }
            try db.execute(
                sql: UnmatchedMailRows.fileSQL,
                arguments: ["filed by \(actor)", receipt.personId, receipt.inquiryId, eventId, id])
            try AuditLog.record(
                "mail.assigned", personId: receipt.personId, actor: actor, at: now,
                detail: "mail #\(id) to inquiry #\(receipt.inquiryId ?? 0)", in: db)
            return receipt
        }
    }

    /// Takes a message off the unmatched list without filing it (spam, a newsletter); it is kept.
    public func dismissInboundMail(id: Int64, actor: Caller) throws {
        try authorize(.writeRestricted, actor)
        let actor = actor.name
        try write { db in
            try UnmatchedMailRows.checkUnmatched(try InboundMailRows.fetch(id: id, in: db), filing: false)
            try db.execute(sql: UnmatchedMailRows.dismissSQL, arguments: ["dismissed by \(actor)", id])
            try AuditLog.record(
                "mail.dismissed", personId: nil, actor: actor, at: clock.now(), detail: "mail #\(id)", in: db)
        }
    }
}
