import AlumniCore
import Foundation
import GRDB

/// The SQL of retention, shared by both stores: who a rule applies to, what minimising a
/// person changes, and what retention did per month.
enum RetentionRows {
    /// The people `rule` applies to at `now` (only person `only`, when given), with their last
    /// contact: people who left and whose last contact (leaving, an inquiry's last step, a
    /// preference change) is older than the rule, never while they have an open inquiry, a
    /// pending farewell or check-in, a consent granted within the rule's period or a legal hold,
    /// and (for employees) never erased while a pension arrangement is recorded. With
    /// `warningDays`, an erasure waits until the person was warned, after their last contact, at
    /// least that many days ago (unless no e-mail could reach them).
    static func candidatesSQL(
        of rule: RetentionRule, now: Date, only: Int64?, warningDays: Int?, _ dialect: SQLDialect
    ) -> (sql: String, values: [(any DatabaseValueConvertible)?]) {
        let cutoff = AlumniDatabase.cutoff(rule, now: now)
        let kinds = rule.kind == .customer ? "('customer')" : "('employee', 'both')"
        var conditions = [
            "p.erased_at IS NULL", "p.left_on IS NOT NULL", "p.legal_hold_reason IS NULL", "p.kind IN \(kinds)",
            "NOT EXISTS (SELECT 1 FROM inquiry WHERE person_id = p.id AND status != 'closed')",
            "NOT EXISTS (SELECT 1 FROM farewell_plan WHERE person_id = p.id AND status = 'scheduled')",
            "NOT EXISTS (SELECT 1 FROM followup WHERE person_id = p.id AND done_at IS NULL)",
            "NOT EXISTS (SELECT 1 FROM consent WHERE person_id = p.id AND granted AND at >= ?1)",
        ]
        if rule.action == .minimise { conditions.append("p.minimised_at IS NULL") }
        if rule.action == .erase, rule.kind != .customer {
            conditions.append("NOT EXISTS (SELECT 1 FROM pension_arrangement WHERE person_id = p.id)")
        }
        var values: [(any DatabaseValueConvertible)?] = [cutoff.stored, CalendarDate(utc: cutoff).description]
        if let only {
            values.append(only)
            conditions.append("p.id = ?\(values.count)")
        }
        var warned = ""
        if let warningDays, rule.action == .erase {
            values.append(now.addingTimeInterval(-Double(warningDays) * 86_400).stored)
            warned = """
                AND (candidate.email IS NULL OR candidate.do_not_contact OR EXISTS (
                    SELECT 1 FROM outbox_message
                    WHERE dedupe_key LIKE 'retention-warning:' || candidate.id || ':%'
                      AND outbox_message.created_at > candidate.last
                      AND outbox_message.created_at <= ?\(values.count)))
                """
        }
        // The latest of leaving and the last contacts; PostgreSQL keeps instants as instants.
        let last =
            switch dialect {
            case .sqlite:
                """
                MAX(unixepoch(p.left_on),
                    COALESCE((SELECT MAX(updated_at) FROM inquiry WHERE person_id = p.id), 0),
                    COALESCE((SELECT MAX(at) FROM preference_change WHERE person_id = p.id), 0))
                """
            case .postgres:
                """
                GREATEST(p.left_on::timestamp AT TIME ZONE 'UTC',
                    (SELECT MAX(updated_at) FROM inquiry WHERE person_id = p.id),
                    (SELECT MAX(at) FROM preference_change WHERE person_id = p.id))
                """
            }
        let sql = """
            SELECT id, last FROM (
                SELECT p.id, p.email, p.do_not_contact, \(last) AS last
                FROM person p WHERE \(conditions.joined(separator: " AND ")) AND p.left_on <= ?2
            ) AS candidate WHERE last < ?1 \(warned) ORDER BY id
            """
        return (sql, values)
    }

    /// A candidate from a row of ``candidatesSQL(of:now:only:warningDays:_:)``.
    static func candidate(_ row: Row, of rule: RetentionRule) -> RetentionCandidate {
        RetentionCandidate(
            personId: row["id"], rule: rule.name, action: rule.action,
            lastContact: Date(timeIntervalSince1970: row["last"]))
    }

    /// Who the organisation's active rules apply to, each person once (by the first rule that
    /// does), by id, from each rule's candidates in order.
    static func plan(_ candidates: [[RetentionCandidate]]) -> [RetentionCandidate] {
        var planned: Set<Int64> = []
        return candidates.joined().filter { planned.insert($0.personId).inserted }.sorted {
            $0.personId < $1.personId
        }
    }

    /// What a person minimised keeps in the search key: their name.
    static func minimiseValues(_ person: Person, now: Date) -> [(any DatabaseValueConvertible)?] {
        var kept = PersonFields()
        kept.givenName = person.fields.givenName
        kept.familyName = person.fields.familyName
        return [PersonRows.searchText(of: kept), now.stored, now.stored, person.id]
    }

    /// Keeps of the person bound only what old pension questions and certificates need.
    static let minimiseSQL = """
        UPDATE person SET email = NULL, phone = NULL, address = NULL, departure_reason = NULL,
            contact_note = NULL, preferred_channel = NULL, sentiment = NULL, search_text = ?,
            link_version = link_version + 1, email_undeliverable_at = NULL, email_undeliverable_reason = NULL,
            unreachable_since = NULL, minimised_at = ?, updated_at = ?
        WHERE id = ?
        """

    /// The tables whose rows of a minimised person go altogether.
    private static let clearedTables = ["person_tag", "inquiry_attachment", "portal_session", "portal_link"]
    /// The tables minimising writes to besides those an erasure touches.
    static let minimisedTables = clearedTables + ["preference_change", "farewell_feedback", "mail_bounce"]

    /// What else minimising person `id` removes: tags, attached files, portal sessions and
    /// links, consent history older than `since`, the words of their farewell answers, bounces.
    static func minimiseStatements(personId id: Int64, since: Date) -> [ErasureRows.Statement] {
        clearedTables.map {
            ("DELETE FROM \($0) WHERE person_id = ?", [id.databaseValue])
        } + [
            (
                "DELETE FROM preference_change WHERE person_id = ? AND at < ?",
                [id.databaseValue, since.stored.databaseValue]
            ),
            ("UPDATE farewell_feedback SET words = NULL WHERE person_id = ?", [id.databaseValue]),
        ]
    }

    /// The bounces of person `id`, removed last (the mail statements read them before).
    static func bouncesStatement(personId id: Int64) -> ErasureRows.Statement {
        ("DELETE FROM mail_bounce WHERE person_id = ?", [id.databaseValue])
    }

    /// How many people retention minimised and erased, per month, newest first.
    static func monthsSQL(_ dialect: SQLDialect) -> String {
        let month =
            switch dialect {
            case .sqlite: "strftime('%Y-%m', at, 'unixepoch')"
            case .postgres: "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM')"
            }
        return """
            SELECT \(month) AS month,
                SUM(CASE WHEN action = 'retention.minimised' THEN 1 ELSE 0 END) AS minimised,
                SUM(CASE WHEN action = 'retention.erased' THEN 1 ELSE 0 END) AS erased
            FROM audit_event WHERE action IN ('retention.minimised', 'retention.erased')
            GROUP BY month ORDER BY month DESC
            """
    }

    static func month(_ row: Row) -> RetentionMonth {
        RetentionMonth(month: row["month"], minimised: row["minimised"], erased: row["erased"])
    }
}
