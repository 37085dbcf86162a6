import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of filing mail that came in, shared by both stores: what a message
/// matches, what a bounce or a complaint changes, and what is stored.
enum MailInRows {
    // MARK: - The same message again

    static let storedSQL = "SELECT id, nature, status, person_id, inquiry_id FROM inbound_mail WHERE message_key = ?"

    /// The receipt of a message stored before, from its row of ``storedSQL``.
    static func duplicate(_ row: Row) -> MailReceipt {
        let outcome: MailReceipt.Outcome =
            (row["status"] as String) == "unmatched"
            ? .unmatched : MailReceipt.Outcome(rawValue: row["nature"]) ?? .reply
        return MailReceipt(
            mailId: row["id"], outcome: outcome, inquiryId: row["inquiry_id"], personId: row["person_id"],
            duplicate: true)
    }

    // MARK: - Written mail

    /// The Message-ID of the outbox message bound.
    static let messageIdSQL = "SELECT message_id FROM outbox_message WHERE id = ?"
    /// The dedupe keys of the outbox messages with the Message-ID bound.
    static let dedupeKeysSQL = "SELECT dedupe_key FROM outbox_message WHERE message_id = ?"
    /// Whether the address bound (second and fourth) is person bound's (first and third): their
    /// current address, or one we wrote to them at.
    static let isAddressSQL = """
        SELECT EXISTS (SELECT 1 FROM person WHERE id = ? AND lower(email) = ? AND erased_at IS NULL)
            OR EXISTS (SELECT 1 FROM outbox_message WHERE person_id = ? AND lower(recipient) = ?) AS is_theirs
        """
    /// Up to two people with the address bound: one is a match, two a shared address.
    static let peopleWithAddressSQL = "SELECT id FROM person WHERE lower(email) = ? AND erased_at IS NULL LIMIT 2"

    /// The inquiry a message with `keys` (its outbox dedupe keys) was about, when it was about one.
    static func inquiry(answeredBy keys: [String]) -> Int64? {
        for key in keys where key.hasPrefix("inquiry:") {
            if let number = key.split(separator: ":").dropFirst().first.flatMap({ Int64($0) }) { return number }
        }
        return nil
    }

    /// What the thread shows: the text without quoted history, or a line naming the files
    /// when there is no text.
    static func threadText(_ mail: ReceivedMail) -> String {
        let text = mail.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { return text }
        return mail.attachments.isEmpty
            ? "(an e-mail without text)" : "(attached: \(mail.attachments.map(\.filename).joined(separator: ", ")))"
    }

    /// The new inquiry a person's message opens, of the type its recipient address asks for.
    static func newInquiry(_ mail: ReceivedMail, personId: Int64, type: InquiryType, now: Date) -> NewInquiry {
        let subject = mail.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        return NewInquiry(
            personId: personId, type: type, subject: subject.isEmpty ? "(no subject)" : subject,
            body: threadText(mail), channel: .email, receivedAt: now)
    }

    // MARK: - The acknowledgement

    /// Automatic messages one address gets at most within an hour: two auto-responders
    /// answering each other stop here.
    static let automaticMessagesPerHour = 3
    /// How many automatic messages the person bound got at the address bound since the instant bound.
    static let recentAutomaticSQL = """
        SELECT COUNT(*) AS sent FROM outbox_message
        WHERE person_id = ? AND lower(recipient) = ? AND created_at >= ?
          AND (dedupe_key LIKE 'inquiry:%:received:%' OR dedupe_key LIKE 'preference-link:%'
            OR dedupe_key LIKE 'retention-warning:%')
        """

    /// The notice telling the person their e-mail became `inquiry`, with the days they will hear from us.
    static func received(
        _ inquiry: Inquiry, person: Person, eventId: Int64, calendar: BusinessCalendar, answering messageID: String?
    ) -> RequesterNotice {
        RequesterNotice(
            kind: .received, inquiry: inquiry, person: person, eventId: eventId, text: "",
            resolutionDay: calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1)),
            firstResponseDay: calendar.day(of: inquiry.deadlines.firstResponseDue.addingTimeInterval(-1)),
            answering: messageID)
    }

    // MARK: - Bounces and complaints

    static let outboxIdSQL = "SELECT id FROM outbox_message WHERE message_id = ? ORDER BY id DESC LIMIT 1"
    static let bouncedSQL = "SELECT person_id, recipient, dedupe_key, topic FROM outbox_message WHERE id = ?"
    static func markBouncedSQL(permanent: Bool) -> String {
        permanent
            ? "UPDATE outbox_message SET status = 'bounced', last_error = ? WHERE id = ?"
            : "UPDATE outbox_message SET last_error = ? WHERE id = ?"
    }
    static let addBounceSQL =
        "INSERT INTO mail_bounce (person_id, address, at, status, permanent) VALUES (?, ?, ?, ?, ?)"
    static let temporaryBouncesSQL = """
        SELECT COUNT(*) AS bounces FROM mail_bounce WHERE person_id = ? AND address = ? AND NOT permanent AND at >= ?
        """
    /// Marks the address undeliverable on its person, unless it is marked already; returns the person's id.
    static let markUndeliverableSQL = """
        UPDATE person SET email_undeliverable_at = ?, email_undeliverable_reason = ?
        WHERE id = ? AND lower(email) = ? AND email_undeliverable_at IS NULL RETURNING id
        """
    static let hasOpenInquirySQL =
        "SELECT EXISTS (SELECT 1 FROM inquiry WHERE person_id = ? AND status != 'closed') AS has_open"
    static let markUnreachableSQL = "UPDATE person SET unreachable_since = ? WHERE id = ?"
    /// Clears a bounced address its person wrote from; returns the person's id when it did.
    static let clearUndeliverableSQL = """
        UPDATE person SET email_undeliverable_at = NULL, email_undeliverable_reason = NULL, unreachable_since = NULL
        WHERE id = ? AND lower(email) = ? AND email_undeliverable_at IS NOT NULL RETURNING id
        """
    static let outboxPersonSQL = "SELECT person_id FROM outbox_message WHERE id = ?"
    static let emailConsentsSQL =
        "SELECT topic FROM consent WHERE person_id = ? AND channel = 'email' AND granted AND topic != ?"

    /// A remote server's report without the addresses it quotes, so the audit log and the
    /// outbox keep no address after the person is erased.
    static func diagnostic(of report: DeliveryReport) -> String {
        [report.status, report.diagnostic].compactMap { $0 }.joined(separator: " ")
            .replacingOccurrences(
                of: #"[^\s<>"'(),;:]+@[^\s<>"'(),;]+"#, with: "<address>", options: .regularExpression)
    }

    /// Whether a person whose address stopped working is owed news, so the alert scan raises them.
    static func owedNews(bouncedKey key: String, topic: String?, hasOpenInquiry: Bool) -> Bool {
        hasOpenInquiry || key.hasPrefix("inquiry:") || key.hasPrefix("farewell:") || topic == "pension"
    }

    /// Where a complaint's withdrawn consents say they came from.
    static func complaintSource(_ report: FeedbackReport, outboxId: Int64?) -> (about: String, source: String) {
        let about = outboxId.map { "message #\($0)" } ?? "a message"
        return (about, "complaint: \(about) reported as \(report.feedbackType) (feedback report)")
    }

    // MARK: - Storing

    static let insertSQL = """
        INSERT INTO inbound_mail (message_key, received_at, sender, sender_name, recipient, subject, nature,
            status, reason, person_id, inquiry_id, event_id, outbox_id, text, original)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertAttachmentSQL =
        "INSERT INTO inbound_attachment (mail_id, filename, content_type, size, data) VALUES (?, ?, ?, ?, ?)"

    /// The values of ``insertSQL`` for `mail`, filed as `filing`, received at `now`.
    static func values(_ mail: ReceivedMail, _ filing: Filing, now: Date) -> [(any DatabaseValueConvertible)?] {
        let nature =
            switch mail.nature {
            case .message: "message"
            case .automatic: "automatic"
            case .bounce: "bounce"
            case .complaint: "complaint"
            }
        return [
            mail.key, now.stored, mail.sender, mail.senderName, mail.recipient, mail.subject, nature,
            filing.status.rawValue, filing.reason, filing.personId, filing.inquiryId, filing.eventId, filing.outboxId,
            mail.text, mail.original,
        ]
    }

    static func values(_ attachment: MailAttachment, mailId: Int64) -> [(any DatabaseValueConvertible)?] {
        [mailId, attachment.filename, attachment.contentType, attachment.data.count, attachment.data]
    }
}
