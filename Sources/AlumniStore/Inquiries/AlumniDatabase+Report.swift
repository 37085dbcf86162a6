import AlumniCore
import Foundation
import GRDB

/// How one inquiry type did in one month: the desk's report card.
public struct InquiryReportRow: Sendable, Encodable, Equatable {
    public var type: InquiryType
    /// `YYYY-MM`, by the day the first message arrived, in the organisation's time zone.
    public var month: String
    public var opened = 0
    /// Of those opened this month, how many are closed by now.
    public var closed = 0
    /// Business days from the first message to the first answer.
    public var firstResponseMedian: Int?
    public var firstResponseP90: Int?
    /// Business days from the first message to closing.
    public var resolutionMedian: Int?
    public var resolutionP90: Int?
    /// Share of first answers given before the deadline, of those answered or already due.
    public var firstResponseOnTime: Double?
    /// Share closed before the deadline, of those closed or already due.
    public var resolvedOnTime: Double?
}

/// The report: rows per type and month, and what stands open now.
public struct InquiryReport: Sendable, Encodable, Equatable {
    public var rows: [InquiryReportRow]
    /// Per type (by its name), inquiries overdue now.
    public var overdueNow: [String: Int]
    /// Per type (by its name), inquiries silent now.
    public var silentNow: [String: Int]
}

extension AlumniDatabase {
    /// Per type and month of arrival between `from` and `to` (inclusive days): inquiries
    /// opened and closed, time to first response and to resolution (median and 90th
    /// percentile, in business days), share on time; and per type what is overdue and silent now.
    /// Only the types `actor` may see are counted (of `types`, refused when it names one they
    /// may not).
    public func inquiryReport(
        from: CalendarDate?, to: CalendarDate?, types requested: [InquiryType]? = nil, as actor: Caller
    )
        throws -> InquiryReport
    {
        try authorize(.readReport, actor)
        let types = try visibleTypes(requested, for: actor)
        let now = clock.now()
        return try writer.read { db in
            let calendar = try businessCalendar(in: db)
            var conditions = ["1"]
            var arguments = StatementArguments()
            if let from {
                conditions.append("received_at >= ?")
                arguments += [calendar.startOfDay(from).stored]
            }
            if let to {
                conditions.append("received_at < ?")
                arguments += [calendar.endOfDay(to).stored]
            }
            if let types {
                conditions.append("type IN (\(databaseQuestionMarks(count: types.count)))")
                arguments += StatementArguments(types)
            }
            var groups: [String: [Inquiry]] = [:]
            let cursor = try Inquiry.fetchCursor(
                db, sql: "SELECT \(InquiryRows.columns) FROM inquiry WHERE \(conditions.joined(separator: " AND "))",
                arguments: arguments)
            while let inquiry = try cursor.next() {
                let day = calendar.day(of: inquiry.timeline.receivedAt)
                let month = String(day.description.prefix(7))
                groups["\(inquiry.type.rawValue) \(month)", default: []].append(inquiry)
            }
            let rows = groups.values.map { Self.reportRow($0, calendar: calendar, now: now) }
                .sorted { ($0.month, $0.type.rawValue) < ($1.month, $1.type.rawValue) }
            return InquiryReport(
                rows: rows,
                overdueNow: try countByType("next_due_at IS NOT NULL AND next_due_at <= ?", now, types: types, in: db),
                silentNow: try countByType("silent_at IS NOT NULL AND silent_at <= ?", now, types: types, in: db))
        }
    }

    private func countByType(
        _ condition: String, _ now: Date, types: [InquiryType]?, in db: Database
    ) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT type, COUNT(*) AS n FROM inquiry WHERE \(condition) GROUP BY type", arguments: [now.stored]
        ) {
            let type: InquiryType = row["type"]
            if types?.contains(type) ?? true { counts[type.rawValue] = row["n"] }
        }
        return counts
    }

    private static func reportRow(_ inquiries: [Inquiry], calendar: BusinessCalendar, now: Date) -> InquiryReportRow {
        let first = inquiries[0]
        var row = InquiryReportRow(
            type: first.type, month: String(calendar.day(of: first.timeline.receivedAt).description.prefix(7)))
        row.opened = inquiries.count
        row.closed = inquiries.filter { $0.status == .closed }.count
        func businessDays(_ start: Date, _ end: Date) -> Int {
            calendar.businessDays(after: calendar.day(of: start), through: calendar.day(of: end))
        }
        let firstResponses = inquiries.compactMap { i in
            i.timeline.firstReplyAt.map { businessDays(i.timeline.receivedAt, $0) }
        }
        let resolutions = inquiries.compactMap { i in
            i.timeline.closedAt.map { businessDays(i.timeline.receivedAt, $0) }
        }
        (row.firstResponseMedian, row.firstResponseP90) = (
            percentile(firstResponses, 50), percentile(firstResponses, 90)
        )
        (row.resolutionMedian, row.resolutionP90) = (percentile(resolutions, 50), percentile(resolutions, 90))
        row.firstResponseOnTime = share(inquiries.map { $0.firstResponseState(now: now) })
        row.resolvedOnTime = share(inquiries.map { $0.resolutionState(now: now) })
        return row
    }

    /// The nearest-rank percentile of `values`, nil when there are none.
    static func percentile(_ values: [Int], _ p: Int) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((Double(p) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, rank - 1)]
    }

    /// The share met on time, of the deadlines that were met or are overdue.
    private static func share(_ states: [DeadlineState]) -> Double? {
        var onTime = 0
        var decided = 0
        for state in states {
            switch state {
            case .met(_, let wasOnTime):
                decided += 1
                if wasOnTime { onTime += 1 }
            case .overdue: decided += 1
            default: break
            }
        }
        return decided == 0 ? nil : Double(onTime) / Double(decided)
    }
}
