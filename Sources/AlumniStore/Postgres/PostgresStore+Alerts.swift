import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Alert scans on PostgreSQL: the plan read in one snapshot with `AlertRows`' SQL, then the
/// fresh alerts written a chunk a transaction, each with its message, as on SQLite. Two
/// instances scanning at once raise each alert once: the dedupe key's unique index decides.
extension PostgresStore {
    public func raiseAlerts(
        policy: AlertPolicy, addresses: AlertAddresses, dryRun: Bool = false, renderer: any AlertRenderer,
        chunkSize: Int = 1_000
    ) async throws -> AlertScanReport {
        let now = clock.now()
        guard let plan = try await alertPlan(policy: policy, addresses: addresses, now: now) else {
            return AlertScanReport(open: false, raised: [], alreadyRaised: 0)
        }
        if dryRun { return plan.dryRun }
        var report = plan.report
        for chunk in plan.chunks(of: chunkSize) {
            report = try await transaction { [report] connection in
                var report = report
                for notice in chunk {
                    let inserted = try await rows(
                        AlertRows.insertSQL + " RETURNING id", AlertRows.insertValues(notice, now: now), on: connection)
                    guard report.record(notice, raised: !inserted.isEmpty),
                        !plan.digestRecipients.contains(notice.recipient),
                        let outboxId = try await enqueue(try renderer.message(for: notice), at: now, on: connection)
                    else { continue }
                    _ = try await rows(AlertRows.linkMessageSQL, [outboxId, notice.dedupeKey], on: connection)
                }
                return report
            }
        }
        guard !plan.digestRecipients.isEmpty else { return report }
        try await transaction { connection in
            for recipient in plan.digestRecipients.sorted() {
                let waiting = try await rows(AlertRows.waitingSQL, [recipient], on: connection)
                guard !waiting.isEmpty,
                    let outboxId = try await enqueue(
                        try renderer.digest(
                            of: AlertRows.waitingNotices(waiting, to: recipient), to: recipient,
                            on: plan.calendar.day(of: now)), at: now, on: connection)
                else { continue }
                _ = try await rows(AlertRows.linkDigestSQL, [outboxId, recipient], on: connection)
            }
        }
        return report
    }

    /// What a scan at `now` calls for, read in one snapshot: nil outside alert hours.
    private func alertPlan(policy: AlertPolicy, addresses: AlertAddresses, now: Date) async throws -> AlertPlan? {
        try await snapshot { connection in
            let calendar = try await businessCalendar(on: connection)
            guard policy.isOpen(at: now, calendar: calendar) else { return nil }
            let window = AlertRows.candidateValues(policy: policy, calendar: calendar, now: now)
            let notices = AlertRows.notices(
                policy: policy, addresses: addresses, calendar: calendar, now: now,
                staff: try await rows(AlertRows.activeStaffSQL, on: connection),
                candidates: try await rows(AlertRows.candidatesSQL, window, on: connection).map {
                    Inquiry(ordered: NamedColumns(row: $0))
                },
                departures: try await silentDepartures(now: now, on: connection),
                unmatchedMail: try await rows(AlertRows.unmatchedMailSQL, on: connection),
                unreachable: try await unreachablePeople(on: connection))
            var raised = Set(
                try await rows(AlertRows.raisedKeysSQL, window, on: connection).map { $0["dedupe_key"] as String })
            for notice in notices where notice.inquiryId == nil {
                if try await rows(AlertRows.raisedSQL, [notice.dedupeKey], on: connection).first?[0] as Bool? == true {
                    raised.insert(notice.dedupeKey)
                }
            }
            return AlertPlan(
                calendar: calendar,
                digestRecipients: Set(
                    try await rows(AlertRows.digestRecipientsSQL, on: connection).map { $0["email"] as String }),
                notices: notices, raised: raised)
        }
    }

    /// Alerts raised, newest first, with the state of their messages.
    public func alerts(limit: Int, offset: Int = 0) async throws -> Page<AlertRecord> {
        try await snapshot { connection in
            Page(
                items: try await rows(AlertRows.pageSQL, [limit, offset], on: connection).map(AlertRecord.init(row:)),
                total: try await rows(AlertRows.countSQL, on: connection).first.map { $0[0] as Int } ?? 0,
                limit: limit, offset: offset)
        }
    }
}

extension PostgresStore {
    /// Deletes every expired record (``StaleRecords``) in one transaction.
    public func purgeStaleRecords() async throws {
        try await transaction { connection in
            for statement in StaleRecords.all(now: clock.now()) {
                _ = try await rows(statement.sql, statement.values, on: connection)
            }
        }
    }
}
