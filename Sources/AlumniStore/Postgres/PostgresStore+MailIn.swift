import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Mail that came in, on PostgreSQL: the filing rules and SQL of `MailInRows`, in one
/// transaction per message, as SQLite's `receiveMail` files it.
extension PostgresStore {
    /// Stores a message that came in and files it, in one transaction; the same message a
    /// second time (by its key) changes nothing, even when two deliveries of it arrive at once.
    public func receiveMail(_ mail: ReceivedMail, bouncedMessage: Int64? = nil, actor: Caller = .system("mail"))
        async throws -> MailReceipt
    {
        try await authorize(.writeRestricted, actor)
        let actor = actor.name
        return try await transaction { connection in
            // Two deliveries of one message wait for each other here, so the second sees the first.
            _ = try await rows("SELECT pg_advisory_xact_lock(hashtext(?))", [mail.key], on: connection)
            if let row = try await rows(MailInRows.storedSQL, [mail.key], on: connection).first {
                return MailInRows.duplicate(row)
            }
            let now = clock.now()
            var filing = Filing.unmatched("not filed")
            // A rule that refuses the filing (a case's clock) leaves the message unmatched, never lost.
            try await connection.query("SAVEPOINT filing", logger: logger)
            do {
                filing =
                    switch mail.nature {
                    case .bounce(let report):
                        try await fileBounce(
                            report, bouncedMessage: bouncedMessage, actor: actor, now: now, on: connection)
                    case .complaint(let report):
                        try await fileComplaint(
                            report, bouncedMessage: bouncedMessage, actor: actor, now: now, on: connection)
                    case .message, .automatic:
                        try await fileWritten(mail, answering: bouncedMessage, actor: actor, now: now, on: connection)
                    }
                try await connection.query("RELEASE SAVEPOINT filing", logger: logger)
            } catch let error as ValidationFailure {
                try await connection.query("ROLLBACK TO SAVEPOINT filing", logger: logger)
                filing = .unmatched("could not be filed: \(error)")
            } catch let error as InquiryRuleError {
                try await connection.query("ROLLBACK TO SAVEPOINT filing", logger: logger)
                filing = .unmatched("could not be filed: \(error)")
            }
            let id = try await insertedId(
                MailInRows.insertSQL, MailInRows.values(mail, filing, now: now).map { $0?.databaseValue ?? .null },
                on: connection)
            for attachment in mail.attachments {
                _ = try await rows(
                    MailInRows.insertAttachmentSQL, MailInRows.values(attachment, mailId: id), on: connection)
            }
            if filing.status == .unmatched {
                try await audit(
                    "mail.unmatched", personId: nil, actor: "mail", at: now, detail: "mail #\(id): \(filing.reason)",
                    on: connection)
            }
            return MailReceipt(
                mailId: id, outcome: filing.outcome, inquiryId: filing.inquiryId, personId: filing.personId,
                duplicate: false)
        }
    }

    // MARK: - Written mail

    private func fileWritten(
        _ mail: ReceivedMail, answering bounced: Int64?, actor: String, now: Date, on connection: PostgresConnection
    ) async throws -> Filing {
        var answers = mail.answers
        if let bounced,
            let messageID = try await rows(MailInRows.messageIdSQL, [bounced], on: connection).first?["message_id"]
                as String?
        {
            answers.insert(messageID, at: 0)
        }
        var matched: (inquiry: Inquiry, how: String)?
        for id in answers {
            let keys = try await rows(MailInRows.dedupeKeysSQL, [id], on: connection).map { $0["dedupe_key"] as String }
            if let inquiryId = MailInRows.inquiry(answeredBy: keys) {
                matched = (try await inquiry(id: inquiryId, on: connection), "answers \(id)")
                break
            }
        }
        if matched == nil, let tagged = mail.taggedInquiry {
            guard let row = try await rows(InquiryRows.fetchSQL, [tagged], on: connection).first else {
                return .unmatched("the subject names #INQ-\(tagged), which does not exist")
            }
            matched = (Inquiry(ordered: NamedColumns(row: row)), "tagged [#INQ-\(tagged)]")
        }
        guard let sender = mail.sender else { return .unmatched("no sender") }
        if let (inquiry, how) = matched {
            let theirs =
                try await rows(
                    MailInRows.isAddressSQL, [inquiry.personId, sender, inquiry.personId, sender], on: connection
                ).first?["is_theirs"] as Bool?
            guard theirs == true else { return .unmatched("\(how), but the sender is not that inquiry's requester") }
            try await clearUndeliverable(
                personId: inquiry.personId, address: sender, actor: actor, now: now, on: connection)
            let body = MailInRows.threadText(mail)
            if mail.nature == .automatic {
                let eventId = try await insertedId(
                    InquiryRows.addEventSQL,
                    InquiryRows.eventValues(
                        .automatic, inquiryId: inquiry.id, author: "person #\(inquiry.personId)", at: now, body: body),
                    on: connection)
                try await audit(
                    "inquiry.automatic", personId: inquiry.personId, actor: actor, at: now,
                    detail: "inquiry #\(inquiry.id)", on: connection)
                return Filing(
                    outcome: .automatic, reason: "automatic answer, \(how)", personId: inquiry.personId,
                    inquiryId: inquiry.id, eventId: eventId)
            }
            if inquiry.status == .closed { _ = try await step(inquiry.id, .reopen, actor: actor, on: connection) }
            _ = try await step(inquiry.id, try .inbound(body, at: now), actor: actor, on: connection)
            return Filing(
                outcome: .reply, reason: "reply, \(how)", personId: inquiry.personId, inquiryId: inquiry.id,
                eventId: try await newestEvent(of: inquiry.id, on: connection))
        }
        let people = try await rows(MailInRows.peopleWithAddressSQL, [sender], on: connection).map { $0["id"] as Int64 }
        guard people.count == 1, let personId = people.first else {
            return .unmatched(people.isEmpty ? "the sender is not anyone's address" : "the sender's address is shared")
        }
        try await clearUndeliverable(personId: personId, address: sender, actor: actor, now: now, on: connection)
        if mail.nature == .automatic {
            return Filing(outcome: .automatic, reason: "automatic answer, no inquiry", personId: personId)
        }
        let type = try await settings(on: connection).mail.inquiryType(forRecipient: mail.recipient)
        let inquiry = try await openInquiry(
            MailInRows.newInquiry(mail, personId: personId, type: type, now: now), now: now, actor: actor,
            on: connection)
        try await acknowledge(inquiry, answering: mail.messageID, now: now, on: connection)
        return Filing(
            outcome: .newInquiry, reason: "new question to \(mail.recipient ?? "the desk")", personId: personId,
            inquiryId: inquiry.id, eventId: try await newestEvent(of: inquiry.id, on: connection))
    }

    /// Tells the person their e-mail became `inquiry`, unless they cannot be e-mailed or their
    /// address had enough automatic messages within the hour.
    func acknowledge(
        _ inquiry: Inquiry, answering messageID: String?, now: Date, on connection: PostgresConnection
    )
        async throws
    {
        guard let requesterMessages else { return }
        let person = try await person(id: inquiry.personId, on: connection)
        guard let address = person.fields.email?.lowercased() else { return }
        let recent =
            try await rows(
                MailInRows.recentAutomaticSQL, [person.id, address, now.addingTimeInterval(-3_600).stored],
                on: connection
            ).first?["sent"] as Int? ?? 0
        guard recent < MailInRows.automaticMessagesPerHour else { return }
        let notice = MailInRows.received(
            inquiry, person: person, eventId: try await newestEvent(of: inquiry.id, on: connection) ?? 0,
            calendar: try await businessCalendar(on: connection), answering: messageID)
        if let message = try requesterMessages.message(for: notice) {
            _ = try await enqueue(message, at: now, on: connection)
        }
    }

    private func clearUndeliverable(
        personId: Int64, address: String, actor: String, now: Date, on connection: PostgresConnection
    ) async throws {
        guard try await !rows(MailInRows.clearUndeliverableSQL, [personId, address], on: connection).isEmpty else {
            return
        }
        try await audit(
            "person.deliverable", personId: personId, actor: actor, at: now, detail: "mail came from the address",
            on: connection)
    }

    // MARK: - Bounces and complaints

    private func fileBounce(
        _ report: DeliveryReport, bouncedMessage: Int64?, actor: String, now: Date, on connection: PostgresConnection
    ) async throws -> Filing {
        var outboxId = bouncedMessage
        if outboxId == nil, let messageID = report.originalMessageID {
            outboxId = try await rows(MailInRows.outboxIdSQL, [messageID], on: connection).first?["id"]
        }
        guard let outboxId, let message = try await rows(MailInRows.bouncedSQL, [outboxId], on: connection).first else {
            return .unmatched("a bounce about a message the desk cannot find")
        }
        let diagnostic = MailInRows.diagnostic(of: report)
        _ = try await rows(
            MailInRows.markBouncedSQL(permanent: report.isPermanent),
            [report.isPermanent ? diagnostic : "delayed: \(diagnostic)", outboxId], on: connection)
        var filing = Filing(
            outcome: .bounce, reason: "bounce of message #\(outboxId): \(diagnostic)", outboxId: outboxId)
        guard let personId = message["person_id"] as Int64? else { return filing }
        filing.personId = personId
        let address = (message["recipient"] as String).lowercased()
        _ = try await rows(
            MailInRows.addBounceSQL, [personId, address, now.stored, report.status, report.isPermanent], on: connection)
        let rules = try await settings(on: connection).mail
        let since = now.addingTimeInterval(-Double(rules.softBounceDays) * 86_400).stored
        let temporary =
            try await rows(MailInRows.temporaryBouncesSQL, [personId, address, since], on: connection).first?["bounces"]
            as Int? ?? 0
        guard report.isPermanent || temporary >= rules.softBounceLimit else { return filing }
        let reason =
            report.isPermanent ? diagnostic : "\(temporary) temporary failures within \(rules.softBounceDays) days"
        guard
            try await !rows(MailInRows.markUndeliverableSQL, [now.stored, reason, personId, address], on: connection)
                .isEmpty
        else { return filing }
        try await audit(
            "person.undeliverable", personId: personId, actor: actor, at: now,
            detail: "message #\(outboxId): \(reason)", on: connection)
        let hasOpenInquiry =
            try await rows(MailInRows.hasOpenInquirySQL, [personId], on: connection).first?["has_open"] as Bool?
            ?? false
        if MailInRows.owedNews(
            bouncedKey: message["dedupe_key"], topic: message["topic"], hasOpenInquiry: hasOpenInquiry)
        {
            _ = try await rows(MailInRows.markUnreachableSQL, [now.stored, personId], on: connection)
        }
        return filing
    }

    private func fileComplaint(
        _ report: FeedbackReport, bouncedMessage: Int64?, actor: String, now: Date, on connection: PostgresConnection
    ) async throws -> Filing {
        var outboxId = bouncedMessage
        if let messageID = report.originalMessageID,
            let found = try await rows(MailInRows.outboxIdSQL, [messageID], on: connection).first?["id"] as Int64?
        {
            outboxId = found
        }
        var personId: Int64?
        if let outboxId {
            personId = try await rows(MailInRows.outboxPersonSQL, [outboxId], on: connection).first?["person_id"]
        }
        if personId == nil, let address = report.originalRecipient {
            let people = try await rows(MailInRows.peopleWithAddressSQL, [address], on: connection).map {
                $0["id"] as Int64
            }
            if people.count == 1 { personId = people[0] }
        }
        guard let personId else {
            return .unmatched("a complaint about a message the desk cannot find", outboxId: outboxId)
        }
        let (about, source) = MailInRows.complaintSource(report, outboxId: outboxId)
        let granted = try await rows(MailInRows.emailConsentsSQL, [personId, ContactTopic.pension], on: connection)
            .compactMap { ContactTopic(rawValue: $0["topic"]) }
        for topic in granted {
            try await setConsent(
                Consent(topic: topic, channel: .email, granted: false, source: source, actor: actor, at: now),
                personId: personId, on: connection)
        }
        if !granted.isEmpty {
            try await audit(
                "preferences.changed", personId: personId, actor: actor, at: now, detail: source, on: connection)
        }
        return Filing(
            outcome: .complaint, reason: "complaint (\(report.feedbackType)) about \(about)", personId: personId,
            outboxId: outboxId)
    }
}
