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
        guard Self.reportMonthsAllowed.contains(months) else {
            throw ValidationFailure([FieldError(field: "months", reason: "must be 1 to 120")])
        }
        let today = try businessCalendar().day(of: clock.now())
        return try report(
            from: ReportMonths.first(of: today).adding(months: 1 - months), to: today, types: types, as: caller)
    }

    /// The report from `from` through `to` (days of arrival), for `types` (nil: every type
    /// `caller` may see).
    public func report(
        from: CalendarDate, to: CalendarDate, types: [InquiryType]? = nil, as caller: Caller
    ) throws -> AlumniReport {
        guard from <= to else {
            throw ValidationFailure([FieldError(field: "from", reason: "is after \(to)")])
        }
        let inquiries = try inquiryReport(from: from, to: to, types: types, as: caller)
        let relations = try relationsReport(as: caller)
        let unreachable = try unreachablePeople(as: caller)
        let calendar = try businessCalendar()
        let months = ReportMonths(from: from, to: to)
        let filter = ReportFilter(from: from, to: to, types: nil, calendar: calendar)
        let (byMonth, retention, feedback) = try writer.read { db in
            (
                try relationsByMonth(months, filter: filter, calendar: calendar, in: db),
                try retentionByMonth(months, filter: filter, calendar: calendar, in: db),
                try feedbackByMonth(months, filter: filter, calendar: calendar, in: db)
            )
        }
        return AlumniReport(
            from: from, to: to, types: types, inquiries: inquiries, relations: relations,
            relationsByMonth: byMonth, retention: retention, farewellFeedback: feedback, unreachable: unreachable)
    }

    private func relationsByMonth(
        _ span: ReportMonths, filter: ReportFilter, calendar: BusinessCalendar, in db: Database
    ) throws -> [RelationsMonth] {
        var months = Dictionary(uniqueKeysWithValues: span.months.map { ($0, RelationsMonth(month: $0)) })
        func tally(_ sql: String, column: String, _ add: (inout RelationsMonth, Row) -> Void) throws {
            let cursor = try Row.fetchCursor(
                db, sql: "\(sql) AND \(filter.conditions(on: column))", arguments: filter.arguments)
            while let row = try cursor.next() {
                let month = ReportMonths.month(of: Date(timeIntervalSince1970: row[column]), in: calendar)
                if months[month] != nil { add(&months[month]!, row) }
            }
        }
        try tally("SELECT at, actor FROM farewell WHERE 1", column: "at") { month, row in
            if row["actor"] == "alumni" { month.farewellsSent += 1 } else { month.farewellsRecorded += 1 }
        }
        try tally("SELECT due_at FROM farewell_plan WHERE status = 'skipped'", column: "due_at") { month, _ in
            month.farewellsSkipped += 1
        }
        try tally("SELECT done_at, outcome FROM followup WHERE 1", column: "done_at") { month, row in
            month.checkInsDone += 1
            if row["outcome"] == Followup.Outcome.returned.rawValue { month.boomerangs += 1 }
        }
        return span.months.map { months[$0]! }
    }

    private func retentionByMonth(
        _ span: ReportMonths, filter: ReportFilter, calendar: BusinessCalendar, in db: Database
    ) throws -> [RetentionMonth] {
        var months = Dictionary(
            uniqueKeysWithValues: span.months.map { ($0, RetentionMonth(month: $0, minimised: 0, erased: 0)) })
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT at, action FROM audit_event
                WHERE action IN ('retention.minimised', 'retention.erased') AND \(filter.conditions(on: "at"))
                """,
            arguments: filter.arguments)
        while let row = try cursor.next() {
            let month = ReportMonths.month(of: Date(timeIntervalSince1970: row["at"]), in: calendar)
            if row["action"] == "retention.erased" { months[month]?.erased += 1 } else { months[month]?.minimised += 1 }
        }
        return span.months.map { months[$0]! }
    }

    private func feedbackByMonth(
        _ span: ReportMonths, filter: ReportFilter, calendar: BusinessCalendar, in db: Database
    ) throws -> [FeedbackMonth] {
        var answers: [String: [(reasons: [String], score: Int, open: Bool)]] = [:]
        let cursor = try Row.fetchCursor(
            db,
            sql:
                "SELECT answered_at, reasons, score, coming_back FROM farewell_feedback WHERE \(filter.conditions(on: "answered_at"))",
            arguments: filter.arguments)
        while let row = try cursor.next() {
            let month = ReportMonths.month(of: Date(timeIntervalSince1970: row["answered_at"]), in: calendar)
            answers[month, default: []].append(
                (
                    (row["reasons"] as String).split(separator: ",").map(String.init), row["score"],
                    row["coming_back"] != ComingBack.no.rawValue
                ))
        }
        return span.months.map { month in
            var result = FeedbackMonth(month: month)
            guard let given = answers[month], !given.isEmpty else { return result }
            let count = given.count
            result.answers = count
            for reason in given.flatMap(\.reasons) { result.reasons[reason, default: 0] += 1 }
            result.averageScore = (Double(given.map(\.score).reduce(0, +)) / Double(count) * 10).rounded() / 10
            let promoters = given.filter { $0.score >= 9 }.count, detractors = given.filter { $0.score <= 6 }.count
            result.netPromoterScore = Int((Double(promoters - detractors) * 100 / Double(count)).rounded())
            result.openToReturnPercent = Int((Double(given.filter(\.open).count) * 100 / Double(count)).rounded())
            return result
        }
    }
}
