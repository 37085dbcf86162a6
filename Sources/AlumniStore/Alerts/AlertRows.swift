import AlumniCore
import Foundation
import GRDB

/// What one scan calls for, read at one moment: the alerts the cases call for and which of
/// them were raised before.
struct AlertPlan {
    let calendar: BusinessCalendar
    /// Staff members who chose one daily digest instead of single alerts.
    let digestRecipients: Set<String>
    let notices: [AlertNotice]
    /// Those not raised before.
    let fresh: [AlertNotice]

    init(calendar: BusinessCalendar, digestRecipients: Set<String>, notices: [AlertNotice], raised: Set<String>) {
        self.calendar = calendar
        self.digestRecipients = digestRecipients
        self.notices = notices
        fresh = notices.filter { !raised.contains($0.dedupeKey) }
    }

    /// The report before anything is written.
    var report: AlertScanReport {
        AlertScanReport(open: true, raised: [], alreadyRaised: notices.count - fresh.count)
    }

    /// What a dry run reports: everything fresh, as it would be raised.
    var dryRun: AlertScanReport {
        var report = report
        report.raised = fresh
        return report
    }

    /// The fresh alerts in chunks of `size`, each written in a transaction of its own.
    func chunks(of size: Int) -> [ArraySlice<AlertNotice>] {
        let size = max(1, size)
        return stride(from: 0, to: fresh.count, by: size).map { fresh[$0..<min($0 + size, fresh.count)] }
    }
}

extension AlertScanReport {
    /// Counts `notice` as raised now or (`raised` false: another scan was first) raised before;
    /// returns `raised`.
    mutating func record(_ notice: AlertNotice, raised: Bool) -> Bool {
        if raised { self.raised.append(notice) } else { alreadyRaised += 1 }
        return raised
    }
}

/// The SQL of alert scans and what a scan makes of the rows it reads, shared by both stores.
enum AlertRows {
    static let digestRecipientsSQL = "SELECT email FROM staff_user WHERE alert_digest AND disabled_at IS NULL"
    static let activeStaffSQL = "SELECT name, email, role FROM staff_user WHERE disabled_at IS NULL"

    /// Inquiries with a deadline before the horizon or silent by now (horizon, now). A UNION,
    /// not an OR, so that each side uses its partial index instead of scanning every inquiry.
    static let candidateIDs =
        "SELECT id FROM inquiry WHERE next_due_at <= ? UNION SELECT id FROM inquiry WHERE silent_at <= ?"
    static let candidatesSQL = "SELECT \(InquiryRows.columns) FROM inquiry WHERE id IN (\(candidateIDs)) ORDER BY id"
    static let raisedKeysSQL = "SELECT dedupe_key FROM alert WHERE inquiry_id IN (\(candidateIDs))"
    static let raisedSQL = "SELECT EXISTS (SELECT 1 FROM alert WHERE dedupe_key = ?)"

    /// Unmatched mail written by someone. An automatic message from a stranger (someone's
    /// out-of-office, our own alert coming back) waits in the list without an alert: alerting
    /// on it could answer it in a loop.
    static let unmatchedMailSQL = """
        SELECT id, subject, received_at FROM inbound_mail
        WHERE status = 'unmatched' AND nature != 'automatic' ORDER BY id
        """

    static let insertSQL = """
        INSERT INTO alert (dedupe_key, inquiry_id, person_id, kind, deadline_at, recipient, raised_at, title)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
        """
    static let linkMessageSQL = "UPDATE alert SET outbox_id = ? WHERE dedupe_key = ?"
    static let waitingSQL = "SELECT * FROM alert WHERE recipient = ? AND outbox_id IS NULL ORDER BY id"
    static let linkDigestSQL = "UPDATE alert SET outbox_id = ? WHERE recipient = ? AND outbox_id IS NULL"

    static let countSQL = "SELECT COUNT(*) FROM alert"
    static let pageSQL = """
        SELECT alert.*, outbox_message.status FROM alert
        LEFT JOIN outbox_message ON outbox_message.id = alert.outbox_id
        ORDER BY alert.id DESC LIMIT ? OFFSET ?
        """

    static func insertValues(_ notice: AlertNotice, now: Date) -> [DatabaseValue] {
        let values: [(any DatabaseValueConvertible)?] = [
            notice.dedupeKey, notice.inquiryId, notice.personId, notice.kind, notice.deadline.stored,
            notice.recipient, now.stored, notice.title,
        ]
        return values.map { $0?.databaseValue ?? .null }
    }

    /// The values of ``candidateIDs``: deadlines up to the end of the lead time's last business
    /// day call for an alert now, and silence up to now.
    static func candidateValues(policy: AlertPolicy, calendar: BusinessCalendar, now: Date) -> [DatabaseValue] {
        let horizon = calendar.endOfDay(
            calendar.adding(businessDays: policy.leadBusinessDays, to: calendar.day(of: now)))
        return [horizon.stored.databaseValue, now.stored.databaseValue]
    }

    /// The alerts that waited for `recipient`'s digest, from rows of ``waitingSQL``.
    static func waitingNotices(_ rows: [Row], to recipient: String) -> [AlertNotice] {
        rows.map { row in
            AlertNotice(
                kind: row["kind"], inquiryId: row["inquiry_id"], personId: row["person_id"], title: row["title"],
                deadline: row["deadline_at"], owner: nil, recipient: recipient, dedupeKey: row["dedupe_key"])
        }
    }

    /// Every alert the cases call for at `now`: deadlines, silence and escalations of the
    /// `candidates` to their owners (or the team), silent departures to the coordinators (or the
    /// team), unmatched mail to the team, and people who cannot be reached to the owner of their
    /// case (or the team). `staff` are rows of ``activeStaffSQL``, `unmatchedMail` of ``unmatchedMailSQL``.
    static func notices(
        policy: AlertPolicy, addresses: AlertAddresses, calendar: BusinessCalendar, now: Date, staff: [Row],
        candidates: [Inquiry], departures: [SilentCase], unmatchedMail: [Row], unreachable: [SilentCase]
    ) -> [AlertNotice] {
        var owners: [String: String] = [:]
        var coordinators: [String] = []
        for row in staff {
            owners[row["name"]] = row["email"]
            if (row["role"] as String) == StaffRole.coordinator.rawValue { coordinators.append(row["email"]) }
        }
        var notices: [AlertNotice] = []
        for inquiry in candidates {
            for alert in policy.alerts(for: inquiry, now: now, calendar: calendar) {
                let recipients: [String] =
                    alert.kind == .escalation
                    ? [addresses.escalation].compactMap { $0 }
                    : [inquiry.owner.flatMap { owners[$0] } ?? addresses.team]
                for recipient in recipients {
                    notices.append(
                        AlertNotice(
                            kind: alert.kind, inquiryId: inquiry.id, personId: inquiry.personId, title: inquiry.subject,
                            deadline: alert.deadline, owner: inquiry.owner, recipient: recipient,
                            dedupeKey:
                                "inquiry:\(inquiry.id):\(alert.kind.rawValue):\(Int64(alert.deadline.stored)):\(recipient)"
                        ))
                }
            }
        }
        for departure in departures {
            for recipient in coordinators.isEmpty ? [addresses.team] : coordinators {
                notices.append(
                    AlertNotice(
                        kind: .silentDeparture, inquiryId: nil, personId: departure.personId, title: departure.title,
                        deadline: departure.silentSince, owner: nil, recipient: recipient,
                        dedupeKey: "departure:\(departure.personId):\(Int64(departure.silentSince.stored)):\(recipient)"
                    ))
            }
        }
        let team = addresses.team
        notices += unmatchedMail.map { row in
            AlertNotice(
                kind: .unmatchedMail, inquiryId: nil, personId: nil,
                title: "Mail #\(row["id"] as Int64): \(row["subject"] as String)",
                deadline: row["received_at"], owner: nil, recipient: team,
                dedupeKey: "mail:\(row["id"] as Int64):\(team)")
        }
        notices += unreachable.map { person in
            let recipient = person.owner.flatMap { owners[$0] } ?? team
            return AlertNotice(
                kind: .unreachable, inquiryId: nil, personId: person.personId,
                title: "Person #\(person.personId) cannot be reached by e-mail", deadline: person.silentSince,
                owner: person.owner, recipient: recipient,
                dedupeKey: "unreachable:\(person.personId):\(Int64(person.silentSince.stored)):\(recipient)")
        }
        return notices
    }
}
