import AlumniCore
import Foundation
import GRDB

/// Everything held about one person: the answer to a data-access request.
public struct PersonDataExport: Sendable, Encodable {
    public var person: Person
    public var employmentPeriods: [EmploymentPeriod]
    public var pensionArrangements: [PensionArrangement]
    public var preferences: ContactPreferences
    public var auditTrail: [AuditEvent]
    /// The e-mails they sent us, as we keep them (text and the names of their files).
    public var mail: [InboundMailRecord]
    /// The files they attached to their questions in the portal, with their content.
    public var attachments: [AttachedFile]
}

extension AlumniDatabase {
    /// Collects everything held about a person, for an actor who may read restricted data.
    /// Reads pension data, so it is audited.
    public func dataExport(personId: Int64, as actor: Caller) throws -> PersonDataExport {
        try authorize(.readRestricted, actor, personId: personId)
        return try dataExport(personId: personId, actor: actor.name)
    }

    func dataExport(personId: Int64, actor: String) throws -> PersonDataExport {
        try write { db in
            try AuditLog.record("person.data-exported", personId: personId, actor: actor, at: clock.now(), in: db)
            return PersonDataExport(
                person: try PersonRows.fetch(id: personId, in: db),
                employmentPeriods: try employmentPeriods(personId: personId, in: db),
                pensionArrangements: try pensionArrangements(personId: personId, reader: actor, in: db),
                preferences: try preferences(personId: personId, in: db),
                auditTrail: try AuditEvent.fetchAll(
                    db, sql: "SELECT * FROM audit_event WHERE person_id = ? ORDER BY id", arguments: [personId]),
                mail: try InboundMailRows.all(ofPerson: personId, in: db),
                attachments: try attachedFiles(personId: personId, in: db))
        }
    }

    /// Removes a person's personal data for good: names, contact details, reference, notes, tags,
    /// employment and pension data and the consent history; the words of their inquiries (subject,
    /// thread, resolution, extension reason), farewell notes, the titles of alerts about them,
    /// the messages to and about them (recipient, subject, content — those not sent yet are held
    /// back as `suppressed`, reason `erased`), and kept responses to idempotent requests that
    /// showed any of it. What stays is anonymous: kind, country, language, dates, sentiment, and
    /// the ids, types, states and deadlines of inquiries and messages, for statistics. Then the
    /// write-ahead log is checkpointed and truncated, so the old text is not left in it.
    ///
    /// - Returns: the outbox messages about the person, for a transport that keeps copies
    ///   (the file transport) to delete them.
    ///
    /// Only for an actor who may erase people.
    @discardableResult
    public func erasePerson(id: Int64, actor: Caller) throws -> ErasureReport {
        try authorize(.erasePeople, actor, personId: id)
        let report = try write { db in try erasePerson(id: id, actor: actor.name, in: db) }
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        return report
    }

    /// The erasure inside the caller's transaction (retention erases many in one); the caller
    /// checkpoints the write-ahead log after.
    func erasePerson(id: Int64, actor: String, in db: Database) throws -> ErasureReport {
        let person = try PersonRows.fetch(id: id, in: db)
        guard person.erasedAt == nil else { return ErasureReport(messageIds: []) }
        let now = clock.now()
        let words = try Self.wordsAbout(person, in: db)
        var messages = try Self.messagesAbout(personId: id, in: db)
        messages.alerts += try Self.eraseInboundMail(personId: id, in: db)
        try db.execute(
            sql: """
                UPDATE person SET given_name = NULL, family_name = NULL, email = NULL, phone = NULL, address = NULL,
                    external_ref = NULL, departure_reason = NULL, contact_note = NULL, preferred_channel = NULL,
                    search_text = '', do_not_contact = 1, link_version = link_version + 1, legal_hold_reason = NULL,
                    email_undeliverable_reason = NULL, unreachable_since = NULL,
                    erased_at = ?,
                    updated_at = ?
                WHERE id = ?
                """, arguments: [now.stored, now.stored, id])
        for table in [
            "person_tag", "employment_period", "pension_arrangement", "consent", "preference_change", "portal_link",
            "portal_session", "inquiry_attachment",
        ] {
            try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [id])
        }
        // Pending farewells go; done check-ins stay for the statistics, without their notes.
        try db.execute(
            sql: "DELETE FROM farewell_plan WHERE person_id = ? AND status = 'scheduled'", arguments: [id])
        try db.execute(sql: "DELETE FROM followup WHERE person_id = ? AND done_at IS NULL", arguments: [id])
        try db.execute(sql: "UPDATE followup SET note = NULL WHERE person_id = ?", arguments: [id])
        try db.execute(sql: "UPDATE farewell SET note = NULL WHERE person_id = ?", arguments: [id])
        // What they said about leaving stays for the statistics, without their words.
        try db.execute(sql: "UPDATE farewell_feedback SET words = NULL WHERE person_id = ?", arguments: [id])
        try Self.eraseInquiryWords(personId: id, in: db)
        try Self.eraseMessages(messages, in: db)
        try Self.forgetResponses(showing: words, in: db)
        try AuditLog.record("person.erased", personId: id, actor: actor, at: now, in: db)
        return ErasureReport(messageIds: messages.toThem + messages.alerts)
    }

    /// Mail from them or filed on their cases goes whole, with its attachments, as do the
    /// unmatched messages from any address of theirs and their bounce history; the alerts
    /// about such mail lose their titles. Returns those alerts' messages, for the caller to
    /// empty with the rest.
    static func eraseInboundMail(personId: Int64, in db: Database) throws -> [Int64] {
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM inbound_mail WHERE person_id = ?
                    OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                    OR sender IN (SELECT lower(email) FROM person WHERE id = ? AND email IS NOT NULL
                        UNION SELECT lower(recipient) FROM outbox_message WHERE person_id = ?)
                """, arguments: [personId, personId, personId, personId])
        var alertMessages: [Int64] = []
        for id in ids {
            let key = "mail:\(id):%"
            alertMessages += try Int64.fetchAll(
                db, sql: "SELECT outbox_id FROM alert WHERE dedupe_key LIKE ? AND outbox_id IS NOT NULL",
                arguments: [key])
            try db.execute(sql: "UPDATE alert SET title = '' WHERE dedupe_key LIKE ?", arguments: [key])
            try db.execute(sql: "DELETE FROM inbound_mail WHERE id = ?", arguments: [id])
        }
        try db.execute(sql: "DELETE FROM mail_bounce WHERE person_id = ?", arguments: [personId])
        return alertMessages
    }

    /// Inquiries keep their type, state and deadlines; their words go.
    static func eraseInquiryWords(personId: Int64, in db: Database) throws {
        try db.execute(
            sql: "UPDATE inquiry SET subject = '', resolution = NULL, extension_reason = NULL WHERE person_id = ?",
            arguments: [personId])
        try db.execute(
            sql:
                "UPDATE inquiry_event SET body = NULL WHERE inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)",
            arguments: [personId])
        try db.execute(
            sql: """
                UPDATE alert SET title = ''
                WHERE person_id = ? OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                """, arguments: [personId, personId])
    }

    /// The outbox messages to the person (replies, farewells, campaign mail) and about them
    /// (alerts on their cases, to staff).
    static func messagesAbout(personId: Int64, in db: Database) throws -> (toThem: [Int64], alerts: [Int64]) {
        let toThem = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM outbox_message WHERE person_id = ?
                UNION SELECT outbox_message.id FROM outbox_message JOIN inquiry
                    ON outbox_message.dedupe_key LIKE 'inquiry:' || inquiry.id || ':%' WHERE inquiry.person_id = ?
                UNION SELECT outbox_id FROM farewell_plan WHERE person_id = ? AND outbox_id IS NOT NULL
                """, arguments: [personId, personId, personId])
        let alerts = try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT outbox_id FROM alert WHERE outbox_id IS NOT NULL
                  AND (person_id = ? OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?))
                """, arguments: [personId, personId])
        return (toThem, alerts)
    }

    /// Messages keep their ids, kinds, dates and states; their words go, and those not sent yet stay unsent.
    static func eraseMessages(_ messages: (toThem: [Int64], alerts: [Int64]), in db: Database) throws {
        for (ids, recipient) in [(messages.toThem, "''"), (messages.alerts, "recipient")] where !ids.isEmpty {
            let marks = databaseQuestionMarks(count: ids.count)
            try db.execute(
                sql: """
                    UPDATE outbox_message SET recipient = \(recipient), subject = '',
                        last_error = CASE WHEN status IN ('queued', 'sending') THEN 'erased' ELSE last_error END,
                        status = CASE WHEN status IN ('queued', 'sending') THEN 'suppressed' ELSE status END
                    WHERE id IN (\(marks))
                    """, arguments: StatementArguments(ids))
            try db.execute(
                sql: "UPDATE outbox_content SET mime = X'', payload = '{}' WHERE message_id IN (\(marks))",
                arguments: StatementArguments(ids))
        }
    }

    /// Everything that identifies the person or is in their words, as it stood before erasure:
    /// a kept response that holds any of it is forgotten.
    static func wordsAbout(_ person: Person, in db: Database) throws -> [String] {
        let fields = person.fields
        var words = [fields.email, fields.phone, fields.address, fields.externalRef, fields.departureReason]
            .compactMap { $0 }
        if let given = fields.givenName, let family = fields.familyName { words.append("\(given) \(family)") }
        words += [fields.givenName, fields.familyName].compactMap { $0 }.filter { $0.count >= 4 }
        words += try String.fetchAll(
            db, sql: "SELECT reference FROM pension_arrangement WHERE person_id = ?", arguments: [person.id])
        words += try String.fetchAll(
            db,
            sql: """
                SELECT subject FROM inquiry WHERE person_id = ?
                UNION SELECT resolution FROM inquiry WHERE person_id = ? AND resolution IS NOT NULL
                UNION SELECT extension_reason FROM inquiry WHERE person_id = ? AND extension_reason IS NOT NULL
                UNION SELECT body FROM inquiry_event
                    WHERE body IS NOT NULL AND inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                """, arguments: [person.id, person.id, person.id, person.id])
        return Array(Set(words.filter { $0.count >= 4 }))
    }

    /// Drops kept responses to idempotent requests (they replay a response for a day) that show any of `words`.
    static func forgetResponses(showing words: [String], in db: Database) throws {
        for word in words {
            try db.execute(
                sql: "DELETE FROM idempotency_record WHERE instr(CAST(body AS TEXT), ?) > 0", arguments: [word])
        }
    }
}

/// What an erasure touched that lives outside the database too.
public struct ErasureReport: Sendable, Equatable {
    /// The outbox messages to and about the person.
    public var messageIds: [Int64]
}
