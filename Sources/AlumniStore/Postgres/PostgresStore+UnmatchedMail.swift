import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// The mail that came in as staff work through it, on PostgreSQL: the SQL and rules of
/// `UnmatchedMailRows`; every read of a message, its files or its original audited.
extension PostgresStore {
    public func inboundMail(
        status: InboundMailRecord.Status? = .unmatched, limit: Int = 50, offset: Int = 0, as reader: Caller
    ) async throws -> Page<InboundMailRecord> {
        try await authorize(.readRestricted, reader)
        let filter: [(any DatabaseValueConvertible)?] = status.map { [$0.rawValue] } ?? []
        return try await snapshot { connection in
            let total =
                try await rows(UnmatchedMailRows.countSQL(filtered: status != nil), filter, on: connection).first?[
                    "total"] as Int? ?? 0
            let items = try await inboundMail(
                UnmatchedMailRows.listSQL(filtered: status != nil), filter + [limit, offset], on: connection
            ).map(UnmatchedMailRows.listed)
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }

    public func inboundMail(id: Int64, reader: Caller) async throws -> InboundMailRecord {
        try await authorize(.readRestricted, reader)
        return try await transaction { connection in
            let record = try await inboundMail(id: id, on: connection)
            try await audit(
                "mail.read", personId: record.personId, actor: reader.name, at: clock.now(), detail: "mail #\(id)",
                on: connection)
            return record
        }
    }

    /// Message `id`, locked until the transaction ends when `locked`.
    private func inboundMail(id: Int64, locked: Bool = false, on connection: PostgresConnection) async throws
        -> InboundMailRecord
    {
        guard
            let record = try await inboundMail(
                UnmatchedMailRows.messageSQL + (locked ? " FOR UPDATE" : ""), [id], on: connection
            ).first
        else { throw StoreError.notFound("mail #\(id)") }
        return record
    }

    public func inboundAttachment(id: Int64, as actor: Caller) async throws -> (InboundAttachment, Data) {
        guard let filed = try await rows(UnmatchedMailRows.attachmentInquirySQL, [id]).first else {
            throw StoreError.notFound("attachment #\(id)")
        }
        if let inquiryId = filed["inquiry_id"] as Int64? {
            _ = try await inquiry(id: inquiryId, as: actor)
        } else {
            try await authorize(.readRestricted, actor)
        }
        return try await transaction { connection in
            guard let row = try await rows(UnmatchedMailRows.attachmentSQL, [id], on: connection).first else {
                throw StoreError.notFound("attachment #\(id)")
            }
            try await audit(
                "mail.attachment.read", personId: row["person_id"], actor: actor.name, at: clock.now(),
                detail: "attachment #\(id) of mail #\(row["mail_id"] as Int64)", on: connection)
            return UnmatchedMailRows.attachment(row)
        }
    }

    public func inboundMailOriginal(id: Int64, reader: Caller) async throws -> Data {
        try await authorize(.readRestricted, reader)
        return try await transaction { connection in
            guard let row = try await rows(UnmatchedMailRows.originalSQL, [id], on: connection).first else {
                throw StoreError.notFound("mail #\(id)")
            }
            try await audit(
                "mail.read", personId: row["person_id"], actor: reader.name, at: clock.now(),
                detail: "mail #\(id), original", on: connection)
            return row["original"]
        }
    }

    public func assignInboundMail(id: Int64, to target: MailAssignment, actor: Caller) async throws -> MailReceipt {
        try await authorize(.writeRestricted, actor)
        let actor = actor.name
        var newPerson: PersonFields?
        if case .newPerson(let fields) = target { newPerson = try fields.validated() }
        return try await transaction { connection in
            let record = try await inboundMail(id: id, locked: true, on: connection)
            try UnmatchedMailRows.checkUnmatched(record, filing: true)
            let now = clock.now()
            let body = UnmatchedMailRows.body(of: record)
            var receipt = MailReceipt(mailId: id, outcome: .reply, inquiryId: nil, personId: nil, duplicate: false)
            switch target {
            case .inquiry(let inquiryId):
                let inquiry = try await inquiry(id: inquiryId, on: connection)
                if record.nature == "automatic" {
                    try await insertedId(
                        InquiryRows.addEventSQL,
                        InquiryRows.eventValues(
                            .automatic, inquiryId: inquiryId, author: "person #\(inquiry.personId)", at: now,
                            body: body), on: connection)
                    receipt.outcome = .automatic
                } else {
                    if inquiry.status == .closed {
                        _ = try await step(inquiryId, .reopen, actor: actor, on: connection)
                    }
                    _ = try await step(inquiryId, try .inbound(body, at: now), actor: actor, on: connection)
                }
                (receipt.inquiryId, receipt.personId) = (inquiryId, inquiry.personId)
            case .person, .newPerson:
                let personId =
                    if case .person(let existing) = target {
                        try await person(id: existing, on: connection).id
                    } else {
                        try await insertPerson(newPerson!, actor: actor, at: now, on: connection)
                    }
                let type = try await settings(on: connection).mail.inquiryType(forRecipient: record.recipient)
                let inquiry = try await openInquiry(
                    UnmatchedMailRows.newInquiry(record, personId: personId, type: type), now: now, actor: actor,
                    on: connection)
                (receipt.outcome, receipt.inquiryId, receipt.personId) = (.newInquiry, inquiry.id, personId)
            }
            var eventId: Int64?
            if let inquiryId = receipt.inquiryId { eventId = try await newestEvent(of: inquiryId, on: connection) }
            _ = try await rows(
                UnmatchedMailRows.fileSQL, ["filed by \(actor)", receipt.personId, receipt.inquiryId, eventId, id],
                on: connection)
            try await audit(
                "mail.assigned", personId: receipt.personId, actor: actor, at: now,
                detail: "mail #\(id) to inquiry #\(receipt.inquiryId ?? 0)", on: connection)
            return receipt
        }
    }

    public func dismissInboundMail(id: Int64, actor: Caller) async throws {
        try await authorize(.writeRestricted, actor)
        try await transaction { connection in
            try UnmatchedMailRows.checkUnmatched(
                try await inboundMail(id: id, locked: true, on: connection), filing: false)
            _ = try await rows(UnmatchedMailRows.dismissSQL, ["dismissed by \(actor.name)", id], on: connection)
            try await audit(
                "mail.dismissed", personId: nil, actor: actor.name, at: clock.now(), detail: "mail #\(id)",
                on: connection)
        }
    }
}
