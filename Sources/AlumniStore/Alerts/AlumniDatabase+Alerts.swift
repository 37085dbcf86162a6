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
        var report = plan.report
        if dryRun { return plan.dryRun }
        for chunk in plan.chunks(of: chunkSize) {
            try write { db in
                for notice in chunk {
                    try db.cachedStatement(sql: AlertRows.insertSQL).execute(
                        arguments: StatementArguments(AlertRows.insertValues(notice, now: now)))
                    guard report.record(notice, raised: db.changesCount > 0),
                        !plan.digestRecipients.contains(notice.recipient),
                        let outboxId = try enqueue(try renderer.message(for: notice), at: now, in: db)
                    else { continue }
                    try db.cachedStatement(sql: AlertRows.linkMessageSQL).execute(
                        arguments: [outboxId, notice.dedupeKey])
                }
            }
        }
        guard !plan.digestRecipients.isEmpty else { return report }
        try write { db in
            for recipient in plan.digestRecipients.sorted() {
                let waiting = try Row.fetchAll(db, sql: AlertRows.waitingSQL, arguments: [recipient])
                // A digest already sent today leaves the rest for tomorrow's.
                guard !waiting.isEmpty,
                    let outboxId = try enqueue(
                        try renderer.digest(
                            of: AlertRows.waitingNotices(waiting, to: recipient), to: recipient,
                            on: plan.calendar.day(of: now)), at: now, in: db)
                else { continue }
                try db.execute(sql: AlertRows.linkDigestSQL, arguments: [outboxId, recipient])
            }
        }
        return report
    }

    /// What a scan at `now` calls for: nil outside alert hours.
    private func alertPlan(policy: AlertPolicy, addresses: AlertAddresses, now: Date, in db: Database) throws
        -> AlertPlan?
    {
        let calendar = try businessCalendar(in: db)
        guard policy.isOpen(at: now, calendar: calendar) else { return nil }
        let window = AlertRows.candidateValues(policy: policy, calendar: calendar, now: now)
        let notices = AlertRows.notices(
            policy: policy, addresses: addresses, calendar: calendar, now: now,
            staff: try Row.fetchAll(db, sql: AlertRows.activeStaffSQL),
            candidates: try Inquiry.fetchAll(
                db, sql: AlertRows.candidatesSQL, arguments: StatementArguments(window)),
            departures: try silentDepartures(now: now, in: db),
            unmatchedMail: try Row.fetchAll(db, sql: AlertRows.unmatchedMailSQL),
            unreachable: try unreachablePeople(in: db))
        // The keys already raised for these cases, read in one query rather than one per notice.
        var raised = Set(try String.fetchAll(db, sql: AlertRows.raisedKeysSQL, arguments: StatementArguments(window)))
        for notice in notices where notice.inquiryId == nil {
            if try Bool.fetchOne(db, sql: AlertRows.raisedSQL, arguments: [notice.dedupeKey]) ?? false {
                raised.insert(notice.dedupeKey)
            }
        }
        return AlertPlan(
            calendar: calendar,
            digestRecipients: Set(try String.fetchAll(db, sql: AlertRows.digestRecipientsSQL)),
            notices: notices, raised: raised)
    }

    /// Alerts raised, newest first, with the state of their messages.
    public func alerts(limit: Int, offset: Int = 0) throws -> Page<AlertRecord> {
        try writer.read { db in
            Page(
                items: try AlertRecord.fetchAll(db, sql: AlertRows.pageSQL, arguments: [limit, offset]),
                total: try Int.fetchOne(db, sql: AlertRows.countSQL) ?? 0, limit: limit, offset: offset)
        }
    }
}
