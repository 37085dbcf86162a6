import AlumniCore
import Foundation
import GRDB

/// The report summed up as its rows come in, the same from either store: the inquiries that
/// arrived in the period by month and type, the closings by month, and the overdue and silent
/// counts of now.
struct ReportTally {
    let calendar: BusinessCalendar
    let now: Date
    private var groups: [String: MonthTally] = [:]
    private var totals: [String: MonthTally] = [:]

    init(calendar: BusinessCalendar, now: Date) {
        self.calendar = calendar
        self.now = now
    }

    /// Counts an inquiry that arrived in the period (a row of ``ReportFilter/inquiriesSQL``).
    mutating func add(_ inquiry: Inquiry) {
        let month = ReportMonths.month(of: inquiry.timeline.receivedAt, in: calendar)
        let measure = InquiryMeasure(inquiry, calendar: calendar, now: now)
        groups["\(inquiry.type.rawValue) \(month)", default: MonthTally(type: inquiry.type, month: month)]
            .measures.append(measure)
        totals[month, default: MonthTally(type: nil, month: month)].measures.append(measure)
    }

    /// Counts a closing in the period (a row of ``ReportFilter/closingsSQL``).
    mutating func addClosing(_ row: Row) {
        let type: InquiryType = row["type"]
        let month = ReportMonths.month(of: Date(timeIntervalSince1970: row["closed_at"]), in: calendar)
        groups["\(type.rawValue) \(month)", default: MonthTally(type: type, month: month)].closedInMonth += 1
        totals[month, default: MonthTally(type: nil, month: month)].closedInMonth += 1
    }

    /// The report of the period from `from` to `to`, with what stands open now (the rows of
    /// ``openCountSQL`` for the overdue and for the silent view, of the `types` counted).
    func report(
        from: CalendarDate?, to: CalendarDate?, overdue: [Row], silent: [Row], types: [InquiryType]?
    ) -> InquiryReport {
        let rows = groups.values.map(\.row).sorted {
            ($0.month, $0.type?.rawValue ?? "") < ($1.month, $1.type?.rawValue ?? "")
        }
        let span = ReportMonths(
            from: from ?? rows.first.flatMap { CalendarDate(iso: $0.month + "-01") } ?? calendar.day(of: now),
            to: to ?? calendar.day(of: now))
        let openNow = Self.openCounts(overdue: overdue, silent: silent, types: types)
        func byType(_ count: (OpenInquiryCount) -> Int) -> [String: Int] {
            openNow.reduce(into: [:]) { $0[$1.type.rawValue, default: 0] += count($1) }.filter { $0.value > 0 }
        }
        return InquiryReport(
            rows: rows,
            months: span.months.map { totals[$0]?.row ?? InquiryReportRow(type: nil, month: $0) },
            openNow: openNow, overdueNow: byType(\.overdue), silentNow: byType(\.silent))
    }

    /// Open inquiries by type and owner past `column` (the overdue view's `next_due_at`, the
    /// silent view's `silent_at`): a range read on its partial index, now bound.
    static func openCountSQL(_ column: String) -> String {
        """
        SELECT type, owner, COUNT(*) AS n FROM inquiry
        WHERE \(column) IS NOT NULL AND \(column) <= ? GROUP BY type, owner
        """
    }

    private static func openCounts(overdue: [Row], silent: [Row], types: [InquiryType]?) -> [OpenInquiryCount] {
        var counts: [String: OpenInquiryCount] = [:]
        for (rows, isOverdue) in [(overdue, true), (silent, false)] {
            for row in rows {
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
}
