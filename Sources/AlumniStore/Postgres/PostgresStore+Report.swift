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

/// The whole report on PostgreSQL: the inquiry report, the relations figures, and the monthly
/// series of `ReportSeries`, read in one snapshot and tallied as SQLite tallies them.
extension PostgresStore {
    public func report(months: Int, types: [InquiryType]? = nil, as caller: Caller) async throws -> AlumniReport {
        let (from, to) = try AlumniDatabase.reportDays(
            months: months, today: try await businessCalendar().day(of: clock.now()))
        return try await report(from: from, to: to, types: types, as: caller)
    }

    public func report(from: CalendarDate, to: CalendarDate, types: [InquiryType]? = nil, as caller: Caller)
        async throws -> AlumniReport
    {
        try AlumniDatabase.checkReportDays(from: from, to: to)
        let inquiries = try await inquiryReport(from: from, to: to, types: types, as: caller)
        let relations = try await relationsReport(as: caller)
        let unreachable = try await unreachablePeople(as: caller)
        let calendar = try await businessCalendar()
        let filter = ReportFilter(from: from, to: to, types: nil, calendar: calendar)
        let (byMonth, retention, feedback) = try await snapshot { connection in
            var series = ReportSeries(span: ReportMonths(from: from, to: to), calendar: calendar)
            for (sql, add) in ReportSeries.statements(filter) {
                for row in try await rows(sql, filter.values, on: connection) { add(&series, row) }
            }
            return (series.relationsByMonth, series.retentionByMonth, series.feedbackByMonth)
        }
        return AlumniReport(
            from: from, to: to, types: types, inquiries: inquiries, relations: relations,
            relationsByMonth: byMonth, retention: retention, farewellFeedback: feedback, unreachable: unreachable)
    }

    /// Farewells, check-ins and returns so far.
    public func relationsReport(as caller: Caller) async throws -> RelationsReport {
        try await authorize(.readReport, caller)
        let today = try await businessCalendar().day(of: clock.now())
        guard let row = try await rows(RelationsReport.sql, [today]).first else {
            throw StoreError.refused("the relations report read no row")
        }
        return RelationsReport(row: row)
    }
}
