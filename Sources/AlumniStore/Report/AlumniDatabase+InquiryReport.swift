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
            var tally = ReportTally(calendar: calendar, now: now)
            let inquiries = try Inquiry.fetchCursor(db, sql: filter.inquiriesSQL, arguments: filter.arguments)
            while let inquiry = try inquiries.next() { tally.add(inquiry) }
            let closings = try Row.fetchCursor(db, sql: filter.closingsSQL, arguments: filter.arguments)
            while let row = try closings.next() { tally.addClosing(row) }
            // Two range reads on the partial indexes of the overdue and silent views.
            func open(_ column: String) throws -> [Row] {
                try Row.fetchAll(db, sql: ReportTally.openCountSQL(column), arguments: [now.stored])
            }
            return tally.report(
                from: from, to: to, overdue: try open("next_due_at"), silent: try open("silent_at"), types: types)
        }
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

    /// The inquiries that arrived in the period.
    var inquiriesSQL: String { "SELECT \(InquiryRows.columns) FROM inquiry WHERE \(conditions(on: "received_at"))" }

    /// The closings in the period.
    var closingsSQL: String { "SELECT type, closed_at FROM inquiry WHERE \(conditions(on: "closed_at"))" }

    var values: [DatabaseValue] {
        [start, end].compactMap { $0?.stored.databaseValue } + (types ?? []).map(\.databaseValue)
    }

    var arguments: StatementArguments { StatementArguments(values) }
}

/// What the report needs of one inquiry: its times in business days and its deadlines' states.
struct InquiryMeasure {
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
struct MonthTally {
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
