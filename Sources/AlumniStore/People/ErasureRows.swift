import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of erasing a person, the same on both stores but for finding the kept
/// responses that show their words (SQLite and PostgreSQL search inside bytes differently).
enum ErasureRows {
    /// A statement and its values.
    typealias Statement = (sql: String, values: [DatabaseValue])

    /// The words of their pension references and inquiries (subject, resolution, extension reason, thread).
    static func wordsSQL(personId: Int64) -> [Statement] {
        [
            ("SELECT reference AS word FROM pension_arrangement WHERE person_id = ?", [personId.databaseValue]),
            (
                """
                SELECT subject AS word FROM inquiry WHERE person_id = ?
                UNION SELECT resolution FROM inquiry WHERE person_id = ? AND resolution IS NOT NULL
                UNION SELECT extension_reason FROM inquiry WHERE person_id = ? AND extension_reason IS NOT NULL
                UNION SELECT body FROM inquiry_event
                    WHERE body IS NOT NULL AND inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                """, Array(repeating: personId.databaseValue, count: 4)
            ),
        ]
    }

    /// Everything that identifies `person` or is in their words (`stored`, from ``wordsSQL(personId:)``),
    /// as it stood before erasure: a kept response that holds any of it is forgotten.
    static func words(about person: Person, stored: [String]) -> [String] {
        let fields = person.fields
        var words = [fields.email, fields.phone, fields.address, fields.externalRef, fields.departureReason]
            .compactMap { $0 }
        if let given = fields.givenName, let family = fields.familyName { words.append("\(given) \(family)") }
        words += [fields.givenName, fields.familyName].compactMap { $0 }.filter { $0.count >= 4 }
        return Array(Set((words + stored).filter { $0.count >= 4 }))
    }

    /// The outbox messages to the person (replies, farewells, campaign mail), column `id`.
    static func messagesToThemSQL(personId: Int64) -> Statement {
        (
            """
            SELECT id FROM outbox_message WHERE person_id = ?
            UNION SELECT outbox_message.id FROM outbox_message JOIN inquiry
                ON outbox_message.dedupe_key LIKE 'inquiry:' || inquiry.id || ':%' WHERE inquiry.person_id = ?
            UNION SELECT outbox_id FROM farewell_plan WHERE person_id = ? AND outbox_id IS NOT NULL
            """, Array(repeating: personId.databaseValue, count: 3)
        )
    }

    /// The alert messages to staff about the person and their cases, column `id`.
    static func alertMessagesSQL(personId: Int64) -> Statement {
        (
            """
            SELECT DISTINCT outbox_id AS id FROM alert WHERE outbox_id IS NOT NULL
              AND (person_id = ? OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?))
            """, [personId.databaseValue, personId.databaseValue]
        )
    }

    /// Mail from them or filed on their cases, and the unmatched messages from any address of
    /// theirs, column `id`.
    static func inboundMailSQL(personId: Int64) -> Statement {
        (
            """
            SELECT id FROM inbound_mail WHERE person_id = ?
                OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                OR sender IN (SELECT lower(email) FROM person WHERE id = ? AND email IS NOT NULL
                    UNION SELECT lower(recipient) FROM outbox_message WHERE person_id = ?)
            """, Array(repeating: personId.databaseValue, count: 4)
        )
    }

    /// The messages of the alerts about inbound mail `mailId`, column `id`.
    static func mailAlertMessagesSQL(mailId: Int64) -> Statement {
        (
            "SELECT outbox_id AS id FROM alert WHERE dedupe_key LIKE ? AND outbox_id IS NOT NULL",
            ["mail:\(mailId):%".databaseValue]
        )
    }

    /// Inbound mail `mailId` goes whole, with its attachments; the alerts about it lose their titles.
    static func eraseMailSQL(mailId: Int64) -> [Statement] {
        [
            ("UPDATE alert SET title = '' WHERE dedupe_key LIKE ?", ["mail:\(mailId):%".databaseValue]),
            ("DELETE FROM inbound_mail WHERE id = ?", [mailId.databaseValue]),
        ]
    }

    /// The person's row emptied and their own rows deleted; what stays is anonymous (kind,
    /// country, language, dates, sentiment) for statistics.
    static func personSQL(personId id: Int64, now: Date) -> [Statement] {
        let person = [id.databaseValue]
        return [
            (
                """
                UPDATE person SET given_name = NULL, family_name = NULL, email = NULL, phone = NULL, address = NULL,
                    external_ref = NULL, departure_reason = NULL, contact_note = NULL, preferred_channel = NULL,
                    search_text = '', do_not_contact = TRUE, link_version = link_version + 1,
                    legal_hold_reason = NULL, email_undeliverable_reason = NULL, unreachable_since = NULL,
                    erased_at = ?, updated_at = ?
                WHERE id = ?
                """, [now.stored.databaseValue, now.stored.databaseValue, id.databaseValue]
            )
        ] + personalTables.map { ("DELETE FROM \($0) WHERE person_id = ?", person) } + [
            ("DELETE FROM mail_bounce WHERE person_id = ?", person),
            // Pending farewells go; done check-ins stay for the statistics, without their notes.
            ("DELETE FROM farewell_plan WHERE person_id = ? AND status = 'scheduled'", person),
            ("DELETE FROM followup WHERE person_id = ? AND done_at IS NULL", person),
            ("UPDATE followup SET note = NULL WHERE person_id = ?", person),
            ("UPDATE farewell SET note = NULL WHERE person_id = ?", person),
            // What they said about leaving stays for the statistics, without their words.
            ("UPDATE farewell_feedback SET words = NULL WHERE person_id = ?", person),
        ]
    }

    /// Inquiries keep their type, state and deadlines; their words go, and the alerts' titles.
    static func inquiryWordsSQL(personId id: Int64) -> [Statement] {
        let person = [id.databaseValue]
        return [
            ("UPDATE inquiry SET subject = '', resolution = NULL, extension_reason = NULL WHERE person_id = ?", person),
            (
                "UPDATE inquiry_event SET body = NULL WHERE inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)",
                person
            ),
            (
                """
                UPDATE alert SET title = ''
                WHERE person_id = ? OR inquiry_id IN (SELECT id FROM inquiry WHERE person_id = ?)
                """, person + person
            ),
        ]
    }

    /// Messages keep their ids, kinds, dates and states; their words go (the recipient too for
    /// those `toThem`), and those not sent yet stay unsent.
    static func messagesSQL(toThem: [Int64], alerts: [Int64]) -> [Statement] {
        var statements: [Statement] = []
        for (ids, recipient) in [(toThem, "''"), (alerts, "recipient")] where !ids.isEmpty {
            let marks = databaseQuestionMarks(count: ids.count)
            let values = ids.map(\.databaseValue)
            statements += [
                (
                    """
                    UPDATE outbox_message SET recipient = \(recipient), subject = '',
                        last_error = CASE WHEN status IN ('queued', 'sending') THEN 'erased' ELSE last_error END,
                        status = CASE WHEN status IN ('queued', 'sending') THEN 'suppressed' ELSE status END
                    WHERE id IN (\(marks))
                    """, values
                ),
                (
                    "UPDATE outbox_content SET mime = ?, payload = '{}' WHERE message_id IN (\(marks))",
                    [Data().databaseValue] + values
                ),
            ]
        }
        return statements
    }

    /// The tables whose rows are the person's own and go whole.
    static let personalTables = [
        "person_tag", "employment_period", "pension_arrangement", "consent", "preference_change", "portal_link",
        "portal_session", "inquiry_attachment",
    ]

    /// Every table an erasure may change, for PostgreSQL's `VACUUM` after it.
    static let touchedTables =
        personalTables + [
            "person", "mail_bounce", "farewell_plan", "followup", "farewell", "farewell_feedback", "inquiry",
            "inquiry_event", "alert", "outbox_message", "outbox_content", "inbound_mail", "idempotency_record",
        ]
}
