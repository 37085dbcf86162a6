import AlumniCore
import Foundation
import GRDB

/// The inquiry report on PostgreSQL: the same reads as SQLite's in one snapshot, summed up by
/// the same ``ReportTally``.
extension PostgresStore {
    /// Per type and month of arrival between `from` and `to`: opened, closed, times to first
    /// response and resolution, share on time; per month over those types; and per type and
    /// owner what is overdue and silent now. Only the types `actor` may see are counted.
    public func inquiryReport(
        from: CalendarDate?, to: CalendarDate?, types requested: [InquiryType]? = nil, as actor: Caller
    ) async throws -> InquiryReport {
        try await authorize(.readReport, actor)
        let types = try await visibleTypes(requested, for: actor)
        let now = clock.now()
        return try await snapshot { connection in
            let calendar = try await businessCalendar(on: connection)
            let filter = ReportFilter(from: from, to: to, types: types, calendar: calendar)
            var tally = ReportTally(calendar: calendar, now: now)
            for row in try await rows(filter.inquiriesSQL, filter.values, on: connection) {
                tally.add(Inquiry(ordered: NamedColumns(row: row)))
            }
            for row in try await rows(filter.closingsSQL, filter.values, on: connection) { tally.addClosing(row) }
            return tally.report(
                from: from, to: to,
                overdue: try await rows(ReportTally.openCountSQL("next_due_at"), [now.stored], on: connection),
                silent: try await rows(ReportTally.openCountSQL("silent_at"), [now.stored], on: connection),
                types: types)
        }
    }
}
