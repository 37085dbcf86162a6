import AlumniCore
import Foundation
import GRDB

/// Keeping in touch in one month: goodbyes said and skipped, check-ins done, people who came back.
public struct RelationsMonth: Sendable, Encodable, Equatable {
    /// `YYYY-MM`, in the organisation's time zone.
    public var month: String
    /// Farewell e-mails sent through the outbox.
    public var farewellsSent = 0
    /// Goodbyes recorded by hand (a letter, a call, a card).
    public var farewellsRecorded = 0
    /// Scheduled farewells that could not be e-mailed, by the day they were due.
    public var farewellsSkipped = 0
    public var checkInsDone = 0
    /// Check-ins done this month whose outcome was a return.
    public var boomerangs = 0
}

/// What people said about leaving in one month, from their farewells' feedback pages.
public struct FeedbackMonth: Sendable, Encodable, Equatable {
    /// `YYYY-MM`, in the organisation's time zone, of the first answer.
    public var month: String
    public var answers = 0
    /// How often each reason was given.
    public var reasons: [String: Int] = [:]
    /// The mean recommendation score, 0 to 10; nil without answers.
    public var averageScore: Double?
    /// Net promoter score: the share scoring 9–10 less the share scoring 0–6, in percent.
    public var netPromoterScore: Int?
    /// The share open to coming back (yes or maybe), in percent.
    public var openToReturnPercent: Int?
}

/// The whole report, as `alumni report --json` prints it and the desk's report page draws it:
/// one query for both.
public struct AlumniReport: Sendable, Encodable {
    /// The first and last day counted.
    public var from: CalendarDate
    public var to: CalendarDate
    /// The types counted; absent when every type the caller may see is.
    public var types: [InquiryType]?
    public var inquiries: InquiryReport
    /// Totals over all time, and what is due now.
    public var relations: RelationsReport
    /// Every month of the period, oldest first.
    public var relationsByMonth: [RelationsMonth]
    /// What retention did, every month of the period, oldest first.
    public var retention: [RetentionMonth]
    /// What people said about leaving, every month of the period, oldest first.
    public var farewellFeedback: [FeedbackMonth]
    /// People whose address bounced while they were owed news.
    public var unreachable: [SilentCase]
}

extension AlumniDatabase {
    /// The most months one report covers.
    public static let reportMonthsAllowed = 1...120

    /// The report over the last `months` calendar months, this one included (`months` 12 in
    /// December: January to today), for `types` (nil: every type `caller` may see).
    public func report(months: Int, types: [InquiryType]? = nil, as caller: Caller) throws -> AlumniReport {
        let (from, to) = try Self.reportDays(months: months, today: try businessCalendar().day(of: clock.now()))
        return try report(from: from, to: to, types: types, as: caller)
    }

    /// The days a report over the last `months` calendar months covers, through `today`.
    static func reportDays(months: Int, today: CalendarDate) throws -> (from: CalendarDate, to: CalendarDate) {
        guard reportMonthsAllowed.contains(months) else {
            throw ValidationFailure([FieldError(field: "months", reason: "must be 1 to 120")])
        }
        return (ReportMonths.first(of: today).adding(months: 1 - months), today)
    }

    /// Refuses a report whose first day is after its last.
    static func checkReportDays(from: CalendarDate, to: CalendarDate) throws {
        guard from <= to else { throw ValidationFailure([FieldError(field: "from", reason: "is after \(to)")]) }
    }

    /// The report from `from` through `to` (days of arrival), for `types` (nil: every type
    /// `caller` may see).
    public func report(
        from: CalendarDate, to: CalendarDate, types: [InquiryType]? = nil, as caller: Caller
    ) throws -> AlumniReport {
        try Self.checkReportDays(from: from, to: to)
        let inquiries = try inquiryReport(from: from, to: to, types: types, as: caller)
        let relations = try relationsReport(as: caller)
        let unreachable = try unreachablePeople(as: caller)
        let calendar = try businessCalendar()
        let months = ReportMonths(from: from, to: to)
        let filter = ReportFilter(from: from, to: to, types: nil, calendar: calendar)
        var series = ReportSeries(span: months, calendar: calendar)
        try writer.read { db in
            for (sql, add) in ReportSeries.statements(filter) {
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: filter.arguments)
                while let row = try cursor.next() { add(&series, row) }
            }
        }
        return AlumniReport(
            from: from, to: to, types: types, inquiries: inquiries, relations: relations,
            relationsByMonth: series.relationsByMonth, retention: series.retentionByMonth,
            farewellFeedback: series.feedbackByMonth, unreachable: unreachable)
    }
}
