import AlumniCore
import Foundation
import GRDB

/// How one message is filed, decided inside the transaction that stores it.
struct Filing {
    var outcome: MailReceipt.Outcome
    var status: InboundMailRecord.Status = .filed
    var reason: String
    var personId: Int64?
    var inquiryId: Int64?
    var eventId: Int64?
    var outboxId: Int64?

    static func unmatched(_ reason: String, outboxId: Int64? = nil) -> Filing {
        Filing(outcome: .unmatched, status: .unmatched, reason: reason, outboxId: outboxId)
    }
}

extension AlumniDatabase {
    /// Stores a message that came in and files it, in one transaction: a reply on its inquiry,
    /// a new question as a new inquiry, an automatic answer beside the case, a bounce on the
    /// message it is about and its person's address, a complaint as withdrawn consent; what
    /// cannot be filed safely waits in the unmatched list. The same message a second time
    /// (by its key) changes nothing. `bouncedMessage` is the outbox message a VERP return
    /// address named, when the message came to one.
    public func receiveMail(_ mail: ReceivedMail, bouncedMessage: Int64? = nil, actor: Caller = .system("mail"))
        throws -> MailReceipt
    {
        try authorize(.writeRestricted, actor)
        let actor = actor.name
        return try write { db in
            if let row = try Row.fetchOne(db.cachedStatement(sql: MailInRows.storedSQL), arguments: [mail.key]) {
                return MailInRows.duplicate(row)
            }
            let now = clock.now()
            var filing = Filing.unmatched("not filed")
            do {
                // A rule that refuses the filing (a case's clock) leaves the message unmatched, never lost.
                try db.inSavepoint {
                    filing =
                        switch mail.nature {
                        case .bounce(let report):
                            try fileBounce(report, bouncedMessage: bouncedMessage, actor: actor, now: now, in: db)
                        case .complaint(let report):
                            try fileComplaint(report, bouncedMessage: bouncedMessage, actor: actor, in: db)
                        case .message, .automatic:
                            try fileWritten(mail, answering: bouncedMessage, actor: actor, now: now, in: db)
                        }
                    return .commit
                }
            } catch let error as ValidationFailure {
                filing = .unmatched("could not be filed: \(error)")
            } catch let error as InquiryRuleError {
                filing = .unmatched("could not be filed: \(error)")
            }
            let id = try insert(mail, filing, now: now, in: db)
            return MailReceipt(
                mailId: id, outcome: filing.outcome, inquiryId: filing.inquiryId, personId: filing.personId,
                duplicate: false)
        }
    }

    // MARK: - Written mail

    /// A person's message (or their mail program's automatic answer): on the inquiry it
    /// answers when its sender is that inquiry's requester, else as a new inquiry of the one
    /// person with the sender's address, else unmatched.
    private func fileWritten(
        _ mail: ReceivedMail, answering bounced: Int64?, actor: String, now: Date, in db: Database
    ) throws -> Filing {
        let automatic = mail.nature == .automatic
        var answers = mail.answers
        if let bounced,
            let id = try String.fetchOne(db, sql: MailInRows.messageIdSQL, arguments: [bounced])
        {
            answers.insert(id, at: 0)
        }
        var matched: (inquiry: Inquiry, how: String)?
        for id in answers {
            if let inquiryId = try Self.inquiryAnswered(by: id, in: db) {
                matched = (try InquiryRows.fetch(id: inquiryId, in: db), "answers \(id)")
                break
            }
        }
        if matched == nil, let tagged = mail.taggedInquiry {
            guard let inquiry = try Inquiry.fetchOne(db, sql: InquiryRows.fetchSQL, arguments: [tagged]) else {
                return .unmatched("the subject names #INQ-\(tagged), which does not exist")
            }
            matched = (inquiry, "tagged [#INQ-\(tagged)]")
        }
        guard let sender = mail.sender else { return .unmatched("no sender") }
        if let (inquiry, how) = matched {
            guard try Self.isAddress(sender, of: inquiry.personId, in: db) else {
                return .unmatched("\(how), but the sender is not that inquiry's requester")
            }
            try clearUndeliverable(personId: inquiry.personId, address: sender, actor: actor, now: now, in: db)
            let body = MailInRows.threadText(mail)
            if automatic {
                let eventId = try InquiryRows.addEvent(
                    .automatic, inquiryId: inquiry.id, author: "person #\(inquiry.personId)", at: now, body: body,
                    in: db)
                try AuditLog.record(
                    "inquiry.automatic", personId: inquiry.personId, actor: actor, at: now,
                    detail: "inquiry #\(inquiry.id)", in: db)
                return Filing(
                    outcome: .automatic, reason: "automatic answer, \(how)", personId: inquiry.personId,
                    inquiryId: inquiry.id, eventId: eventId)
            }
            if inquiry.status == .closed { _ = try reopen(inquiry: inquiry.id, actor: actor, in: db) }
            _ = try recordInbound(toInquiry: inquiry.id, body: body, at: now, actor: actor, in: db)
            return Filing(
                outcome: .reply, reason: "reply, \(how)", personId: inquiry.personId, inquiryId: inquiry.id,
                eventId: try InquiryRows.newestEventId(of: inquiry.id, in: db))
        }
        let people = try Int64.fetchAll(db.cachedStatement(sql: MailInRows.peopleWithAddressSQL), arguments: [sender])
        guard people.count == 1, let personId = people.first else {
            return .unmatched(people.isEmpty ? "the sender is not anyone's address" : "the sender's address is shared")
        }
        try clearUndeliverable(personId: personId, address: sender, actor: actor, now: now, in: db)
        if automatic {
            return Filing(outcome: .automatic, reason: "automatic answer, no inquiry", personId: personId)
        }
        let type = try settings(in: db).mail.inquiryType(forRecipient: mail.recipient)
        let inquiry = try openInquiry(
            MailInRows.newInquiry(mail, personId: personId, type: type, now: now), now: now, actor: actor, in: db)
        try acknowledge(inquiry, answering: mail.messageID, now: now, in: db)
        return Filing(
            outcome: .newInquiry, reason: "new question to \(mail.recipient ?? "the desk")", personId: personId,
            inquiryId: inquiry.id, eventId: try InquiryRows.newestEventId(of: inquiry.id, in: db))
    }

    /// The inquiry whose message has Message-ID `id`, when we sent it.
    static func inquiryAnswered(by id: String, in db: Database) throws -> Int64? {
        MailInRows.inquiry(
            answeredBy: try String.fetchAll(db.cachedStatement(sql: MailInRows.dedupeKeysSQL), arguments: [id]))
    }

    /// Whether `address` is the person's: their current address, or one we wrote to them at.
    static func isAddress(_ address: String, of personId: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: MailInRows.isAddressSQL), arguments: [personId, address, personId, address])
            ?? false
    }

    // MARK: - Storing

    private func insert(_ mail: ReceivedMail, _ filing: Filing, now: Date, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: MailInRows.insertSQL).execute(
            arguments: StatementArguments(MailInRows.values(mail, filing, now: now)))
        let id = db.lastInsertedRowID
        for attachment in mail.attachments {
            try db.cachedStatement(sql: MailInRows.insertAttachmentSQL).execute(
                arguments: StatementArguments(MailInRows.values(attachment, mailId: id)))
        }
        if filing.status == .unmatched {
            try AuditLog.record(
                "mail.unmatched", personId: nil, actor: "mail", at: now, detail: "mail #\(id): \(filing.reason)", in: db
            )
        }
        return id
    }
}
