import AlumniCore
import Foundation
import GRDB

extension AlertKind: DatabaseValueConvertible {}

/// Where alerts go besides case owners.
public struct AlertAddresses: Equatable, Sendable {
    /// Unassigned cases and silent departures (when no coordinator has an account).
    public var team: String
    /// Cases overdue beyond the escalation limit.
    public var escalation: String?

    public init(team: String, escalation: String?) {
        self.team = team
        self.escalation = escalation
    }
}

/// What one scan did.
public struct AlertScanReport: Sendable, Encodable {
    /// False outside alert hours (nothing was raised).
    public var open: Bool
    /// Alerts raised now (or, in a dry run, that would be).
    public var raised: [AlertNotice]
    /// Alerts the cases called for that had been raised before.
    public var alreadyRaised: Int
}

/// An alert as listed: what was raised and whether its message went out.
public struct AlertRecord: Sendable, Encodable, FetchableRecord {
    public var id: Int64
    public var kind: AlertKind
    public var inquiryId: Int64?
    public var personId: Int64?
    public var deadline: Date
    public var recipient: String
    public var raisedAt: Date
    /// Nil while the alert waits for a digest.
    public var delivery: OutboxMessage.Status?

    public init(row: Row) throws {
        id = row["id"]
        kind = row["kind"]
        inquiryId = row["inquiry_id"]
        personId = row["person_id"]
        deadline = row["deadline_at"]
        recipient = row["recipient"]
        raisedAt = row["raised_at"]
        delivery = row["status"]
    }
}

extension AlumniDatabase {
    /// One scan: every open inquiry near or past a deadline or silent, and every silent
    /// departure, gets the alerts it calls for, each once per (case, kind, deadline,
    /// recipient). What the cases call for is read at one moment; new alerts are then written
    /// `chunkSize` at a time, each with its outbox message in the same transaction, so a long
    /// scan lets other writers in between chunks, and one killed part-way leaves whole alerts
    /// with their messages and the next scan raises the rest (the dedupe key keeps each once,
    /// also against a scan running in another process).
    ///
    /// Owners who chose a digest get no single alerts: theirs wait, and the first scan of each
    /// business day sends them one digest of everything that waited.
    public func raiseAlerts(
        policy: AlertPolicy, addresses: AlertAddresses, dryRun: Bool = false, renderer: any AlertRenderer,
        chunkSize: Int = 1_000
    ) throws -> AlertScanReport {
        let now = clock.now()
        guard
            let plan = try writer.read({ db in try alertPlan(policy: policy, addresses: addresses, now: now, in: db) })
        else { return AlertScanReport(open: false, raised: [], alreadyRaised: 0) }
        var report = AlertScanReport(open: true, raised: [], alreadyRaised: plan.notices.count - plan.fresh.count)
        if dryRun {
            report.raised = plan.fresh
            return report
        }
        for start in stride(from: 0, to: plan.fresh.count, by: max(1, chunkSize)) {
            try write { db in
                for notice in plan.fresh[start..<min(start + max(1, chunkSize), plan.fresh.count)] {
                    guard try insertAlert(notice, now: now, in: db) else {
                        report.alreadyRaised += 1
                        continue
                    }
                    report.raised.append(notice)
                    guard !plan.digestRecipients.contains(notice.recipient),
                        let outboxId = try enqueue(try renderer.message(for: notice), at: now, in: db)
                    else { continue }
                    try db.cachedStatement(sql: "UPDATE alert SET outbox_id = ? WHERE dedupe_key = ?")
                        .execute(arguments: [outboxId, notice.dedupeKey])
                }
            }
        }
        if !plan.digestRecipients.isEmpty {
            try write { db in
                for recipient in plan.digestRecipients {
                    try sendDigest(
                        to: recipient, day: plan.calendar.day(of: now), renderer: renderer, now: now, in: db)
                }
            }
        }
        return report
    }

    /// What a scan at `now` calls for: nil outside alert hours.
    private func alertPlan(
        policy: AlertPolicy, addresses: AlertAddresses, now: Date, in db: Database
    ) throws -> (
        calendar: BusinessCalendar, digestRecipients: Set<String>, notices: [AlertNotice], fresh: [AlertNotice]
    )? {
        let calendar = try businessCalendar(in: db)
        guard policy.isOpen(at: now, calendar: calendar) else { return nil }
        let digestRecipients = Set(
            try String.fetchAll(db, sql: "SELECT email FROM staff_user WHERE alert_digest AND disabled_at IS NULL"))
        let notices = try notices(policy: policy, addresses: addresses, calendar: calendar, now: now, in: db)
        // The keys already raised for these cases, read in one query rather than one per notice.
        let raised = Set(
            try String.fetchAll(
                db, sql: "SELECT dedupe_key FROM alert WHERE inquiry_id IN (\(Self.candidateIDs))",
                arguments: [Self.alertHorizon(policy: policy, calendar: calendar, now: now).stored, now.stored]))
        let fresh = try notices.filter { notice in
            notice.inquiryId != nil
                ? !raised.contains(notice.dedupeKey)
                : !(try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM alert WHERE dedupe_key = ?)", arguments: [notice.dedupeKey])
                    ?? false)
        }
        return (calendar, digestRecipients, notices, fresh)
    }

    /// Records `notice` as raised (its message not yet linked); false when it was raised already.
    private func insertAlert(_ notice: AlertNotice, now: Date, in db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT INTO alert (dedupe_key, inquiry_id, person_id, kind, deadline_at, recipient, raised_at, title)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
                """
        ).execute(arguments: [
            notice.dedupeKey, notice.inquiryId, notice.personId, notice.kind, notice.deadline.stored,
            notice.recipient, now.stored, notice.title,
        ])
        return db.changesCount > 0
    }

    /// Inquiries with a deadline before the horizon or silent by now. A UNION, not an OR, so
    /// that each side uses its partial index instead of scanning every inquiry.
    static let candidateIDs =
        "SELECT id FROM inquiry WHERE next_due_at <= ? UNION SELECT id FROM inquiry WHERE silent_at <= ?"

    /// Deadlines up to here call for an alert now: the end of the lead time's last business day.
    static func alertHorizon(policy: AlertPolicy, calendar: BusinessCalendar, now: Date) -> Date {
        calendar.endOfDay(calendar.adding(businessDays: policy.leadBusinessDays, to: calendar.day(of: now)))
    }

    /// Sends `recipient` one digest of their waiting alerts, once per day.
    private func sendDigest(
        to recipient: String, day: CalendarDate, renderer: any AlertRenderer, now: Date, in db: Database
    ) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM alert WHERE recipient = ? AND outbox_id IS NULL ORDER BY id", arguments: [recipient]
        )
        guard !rows.isEmpty else { return }
        let notices = rows.map { row in
            AlertNotice(
                kind: row["kind"], inquiryId: row["inquiry_id"], personId: row["person_id"], title: row["title"],
                deadline: row["deadline_at"], owner: nil, recipient: recipient, dedupeKey: row["dedupe_key"])
        }
        // A digest already sent today leaves the rest for tomorrow's.
        guard let outboxId = try enqueue(try renderer.digest(of: notices, to: recipient, on: day), at: now, in: db)
        else {
            return
        }
        try db.execute(
            sql: "UPDATE alert SET outbox_id = ? WHERE recipient = ? AND outbox_id IS NULL",
            arguments: [outboxId, recipient])
    }

    private func notices(
        policy: AlertPolicy, addresses: AlertAddresses, calendar: BusinessCalendar, now: Date, in db: Database
    ) throws -> [AlertNotice] {
        var owners: [String: String] = [:]
        var coordinators: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, email, role FROM staff_user WHERE disabled_at IS NULL") {
            owners[row["name"]] = row["email"]
            if (row["role"] as String) == StaffRole.coordinator.rawValue { coordinators.append(row["email"]) }
        }
        let candidates = try Inquiry.fetchAll(
            db,
            sql: "SELECT \(InquiryRows.columns) FROM inquiry WHERE id IN (\(Self.candidateIDs)) ORDER BY id",
            arguments: [Self.alertHorizon(policy: policy, calendar: calendar, now: now).stored, now.stored])
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
        let departureRecipients = coordinators.isEmpty ? [addresses.team] : coordinators
        for departure in try silentDepartures(now: now, in: db) {
            for recipient in departureRecipients {
                notices.append(
                    AlertNotice(
                        kind: .silentDeparture, inquiryId: nil, personId: departure.personId, title: departure.title,
                        deadline: departure.silentSince, owner: nil, recipient: recipient,
                        dedupeKey: "departure:\(departure.personId):\(Int64(departure.silentSince.stored)):\(recipient)"
                    ))
            }
        }
        notices += try mailNotices(owners: owners, team: addresses.team, in: db)
        return notices
    }

    /// Unmatched mail written by someone, to the team; people whose address bounced while they
    /// were owed news, to the owner of their open inquiry (or the team).
    private func mailNotices(owners: [String: String], team: String, in db: Database) throws -> [AlertNotice] {
        // An automatic message from a stranger (someone's out-of-office, our own alert coming
        // back) waits in the list without an alert: alerting on it could answer it in a loop.
        let unmatched = try Row.fetchAll(
            db,
            sql: """
                SELECT id, subject, received_at FROM inbound_mail
                WHERE status = 'unmatched' AND nature != 'automatic' ORDER BY id
                """)
        let unreachable = try unreachablePeople(in: db)
        return unmatched.map { row in
            AlertNotice(
                kind: .unmatchedMail, inquiryId: nil, personId: nil,
                title: "Mail #\(row["id"] as Int64): \(row["subject"] as String)",
                deadline: row["received_at"], owner: nil, recipient: team,
                dedupeKey: "mail:\(row["id"] as Int64):\(team)")
        }
            + unreachable.map { person in
                let recipient = person.owner.flatMap { owners[$0] } ?? team
                return AlertNotice(
                    kind: .unreachable, inquiryId: nil, personId: person.personId,
                    title: "Person #\(person.personId) cannot be reached by e-mail", deadline: person.silentSince,
                    owner: person.owner, recipient: recipient,
                    dedupeKey: "unreachable:\(person.personId):\(Int64(person.silentSince.stored)):\(recipient)")
            }
    }

    /// Alerts raised, newest first, with the state of their messages.
    public func alerts(limit: Int, offset: Int = 0) throws -> Page<AlertRecord> {
        try writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") ?? 0
            let items = try AlertRecord.fetchAll(
                db,
                sql: """
                    SELECT alert.*, outbox_message.status FROM alert
                    LEFT JOIN outbox_message ON outbox_message.id = alert.outbox_id
                    ORDER BY alert.id DESC LIMIT ? OFFSET ?
                    """, arguments: [limit, offset])
            return Page(items: items, total: total, limit: limit, offset: offset)
        }
    }
}
