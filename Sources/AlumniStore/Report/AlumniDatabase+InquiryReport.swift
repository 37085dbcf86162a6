import AlumniCore
import Foundation
import GRDB

/// How one inquiry type (or all counted types together) did in one month: the desk's report card.
public struct InquiryReportRow: Sendable, Encodable, Equatable {
    /// The type; absent on ``InquiryReport/months``, the totals over every type counted.
    public var type: InquiryType?
    /// `YYYY-MM`, by the day the first message arrived, in the organisation's time zone.
    public var month: String
    public var opened = 0
    /// Of those opened this month, how many are closed by now.
    public var closed = 0
    /// Closed during this month, whenever they arrived.
    public var closedInMonth = 0
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

/// Open inquiries of one type and owner that are overdue or silent now.
public struct OpenInquiryCount: Sendable, Encodable, Equatable {
    public var type: InquiryType
    /// The staff user who has them; absent for unassigned ones.
    public var owner: String?
    public var overdue: Int
    public var silent: Int
}

/// The report: rows per type and month, the months' totals, and what stands open now.
public struct InquiryReport: Sendable, Encodable, Equatable {
    public var rows: [InquiryReportRow]
    /// Every month of the period, oldest first, over all the types counted (zero where nothing happened).
    public var months: [InquiryReportRow]
    /// Per type and owner, what is overdue or silent now (only pairs with either).
    public var openNow: [OpenInquiryCount]
    /// Per type (by its name), inquiries overdue now.
    public var overdueNow: [String: Int]
    /// Per type (by its name), inquiries silent now.
    public var silentNow: [String: Int]
}

extension AlumniDatabase {
    /// Per type and month of arrival between `from` and `to` (inclusive days): inquiries
    /// opened and closed, time to first response and to resolution (median and 90th
    /// percentile, in business days), share on time; the same per month over all those types;
    /// and per type and owner what is overdue and silent now. Only the types `actor` may see
    /// are counted (of `types`, refused when it names one they may not).
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
            let filter = ReportFilter(from: from, to: to, types: types, calendar: calendar)
            var groups: [String: MonthTally] = [:]
            var totals: [String: MonthTally] = [:]
            let cursor = try Inquiry.fetchCursor(
                db, sql: "SELECT \(InquiryRows.columns) FROM inquiry WHERE \(filter.conditions(on: "received_at"))",
                arguments: filter.arguments)
            while let inquiry = try cursor.next() {
                let month = ReportMonths.month(of: inquiry.timeline.receivedAt, in: calendar)
                let measure = InquiryMeasure(inquiry, calendar: calendar, now: now)
                groups["\(inquiry.type.rawValue) \(month)", default: MonthTally(type: inquiry.type, month: month)]
                    .measures.append(measure)
                totals[month, default: MonthTally(type: nil, month: month)].measures.append(measure)
            }
            let closings = try Row.fetchCursor(
                db, sql: "SELECT type, closed_at FROM inquiry WHERE \(filter.conditions(on: "closed_at"))",
                arguments: filter.arguments)
            while let row = try closings.next() {
                let type: InquiryType = row["type"]
                let month = ReportMonths.month(of: Date(timeIntervalSince1970: row["closed_at"]), in: calendar)
                groups["\(type.rawValue) \(month)", default: MonthTally(type: type, month: month)].closedInMonth += 1
                totals[month, default: MonthTally(type: nil, month: month)].closedInMonth += 1
            }
            let rows = groups.values.map(\.row).sorted {
                ($0.month, $0.type?.rawValue ?? "") < ($1.month, $1.type?.rawValue ?? "")
            }
            let span = ReportMonths(
                from: from ?? rows.first.flatMap { CalendarDate(iso: $0.month + "-01") } ?? calendar.day(of: now),
                to: to ?? calendar.day(of: now))
            let openNow = try openInquiryCounts(now: now, types: types, in: db)
            func byType(_ count: (OpenInquiryCount) -> Int) -> [String: Int] {
                openNow.reduce(into: [:]) { $0[$1.type.rawValue, default: 0] += count($1) }.filter { $0.value > 0 }
            }
            return InquiryReport(
                rows: rows,
                months: span.months.map { totals[$0]?.row ?? InquiryReportRow(type: nil, month: $0) },
                openNow: openNow, overdueNow: byType(\.overdue), silentNow: byType(\.silent))
        }
    }

    private func openInquiryCounts(now: Date, types: [InquiryType]?, in db: Database) throws -> [OpenInquiryCount] {
        // Two range reads on the partial indexes of the overdue and silent views.
        var counts: [String: OpenInquiryCount] = [:]
        for (column, isOverdue) in [("next_due_at", true), ("silent_at", false)] {
            let sql = """
                SELECT type, owner, COUNT(*) AS n FROM inquiry
                WHERE \(column) IS NOT NULL AND \(column) <= ? GROUP BY type, owner
                """
            for row in try Row.fetchAll(db, sql: sql, arguments: [now.stored]) {
                let type: InquiryType = row["type"]
                guard types?.contains(type) ?? true else { continue }
                let owner: String? = row["owner"]
                let key = "\(type.rawValue) \(owner ?? "")"
                var count = counts[key] ?? OpenInquiryCount(type: type, owner: owner, overdue: 0, silent: 0)
                if isOverdue { count.overdue = row["n"] } else { count.silent = row["n"] }
                counts[key] = count
            }
        }
        return counts.values.sorted { ($0.owner ?? "", $0.type.rawValue) < ($1.owner ?? "", $1.type.rawValue) }
    }

    /// The nearest-rank percentile of `values`, nil when there are none.
    static func percentile(_ values: [Int], _ p: Int) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((Double(p) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, rank - 1)]
    }
}

/// The rows a report period and type filter select, as SQL conditions on one instant column.
struct ReportFilter {
    let start: Date?
    let end: Date?
    let types: [InquiryType]?

    init(from: CalendarDate?, to: CalendarDate?, types: [InquiryType]?, calendar: BusinessCalendar) {
        start = from.map(calendar.startOfDay)
        end = to.map(calendar.endOfDay)
        self.types = types
    }

    func conditions(on column: String) -> String {
        var conditions = ["\(column) IS NOT NULL"]
        if start != nil { conditions.append("\(column) >= ?") }
        if end != nil { conditions.append("\(column) < ?") }
        if let types { conditions.append("type IN (\(databaseQuestionMarks(count: types.count)))") }
        return conditions.joined(separator: " AND ")
    }

    var arguments: StatementArguments {
        var arguments = StatementArguments()
        if let start { arguments += [start.stored] }
        if let end { arguments += [end.stored] }
        if let types { arguments += StatementArguments(types) }
        return arguments
    }
}

/// What the report needs of one inquiry: its times in business days and its deadlines' states.
private struct InquiryMeasure {
    var isClosed: Bool
    var firstResponseDays: Int?
    var resolutionDays: Int?
    var firstResponse: DeadlineState
    var resolution: DeadlineState

    init(_ inquiry: Inquiry, calendar: BusinessCalendar, now: Date) {
        func businessDays(_ end: Date) -> Int {
            calendar.businessDays(after: calendar.day(of: inquiry.timeline.receivedAt), through: calendar.day(of: end))
        }
        isClosed = inquiry.status == .closed
        firstResponseDays = inquiry.timeline.firstReplyAt.map(businessDays)
        resolutionDays = inquiry.timeline.closedAt.map(businessDays)
        firstResponse = inquiry.firstResponseState(now: now)
        resolution = inquiry.resolutionState(now: now)
    }
}

/// The inquiries of one month (and type), summed up into a report row.
private struct MonthTally {
    var type: InquiryType?
    var month: String
    var measures: [InquiryMeasure] = []
    var closedInMonth = 0

    var row: InquiryReportRow {
        var row = InquiryReportRow(type: type, month: month)
        row.opened = measures.count
        row.closed = measures.filter(\.isClosed).count
        row.closedInMonth = closedInMonth
        let firstResponses = measures.compactMap(\.firstResponseDays)
        let resolutions = measures.compactMap(\.resolutionDays)
        row.firstResponseMedian = AlumniDatabase.percentile(firstResponses, 50)
        row.firstResponseP90 = AlumniDatabase.percentile(firstResponses, 90)
        row.resolutionMedian = AlumniDatabase.percentile(resolutions, 50)
        row.resolutionP90 = AlumniDatabase.percentile(resolutions, 90)
        row.firstResponseOnTime = Self.share(measures.map(\.firstResponse))
        row.resolvedOnTime = Self.share(measures.map(\.resolution))
        return row
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
