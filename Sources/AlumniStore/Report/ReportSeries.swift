import AlumniCore
import Foundation
import GRDB

/// The report's monthly series besides the inquiries' (farewells and check-ins, retention,
/// farewell answers): their SQL and how their rows are tallied into months, shared by both stores.
struct ReportSeries {
    /// A statement of a series, and how one of its rows counts.
    typealias Statement = (sql: String, add: (inout ReportSeries, Row) -> Void)

    let span: ReportMonths
    let calendar: BusinessCalendar
    private var relations: [String: RelationsMonth]
    private var retention: [String: RetentionMonth]
    private var answers: [String: [(reasons: [String], score: Int, open: Bool)]] = [:]

    init(span: ReportMonths, calendar: BusinessCalendar) {
        self.span = span
        self.calendar = calendar
        relations = Dictionary(uniqueKeysWithValues: span.months.map { ($0, RelationsMonth(month: $0)) })
        retention = Dictionary(
            uniqueKeysWithValues: span.months.map { ($0, RetentionMonth(month: $0, minimised: 0, erased: 0)) })
    }

    /// Every series' statement, each limited to the report's days by `filter` (whose values it binds).
    static func statements(_ filter: ReportFilter) -> [Statement] {
        [
            (
                "SELECT at, actor FROM farewell WHERE \(filter.conditions(on: "at"))",
                { series, row in
                    series.relation(row["at"]) {
                        if row["actor"] == "alumni" { $0.farewellsSent += 1 } else { $0.farewellsRecorded += 1 }
                    }
                }
            ),
            (
                "SELECT due_at FROM farewell_plan WHERE status = 'skipped' AND \(filter.conditions(on: "due_at"))",
                { series, row in series.relation(row["due_at"]) { $0.farewellsSkipped += 1 } }
            ),
            (
                "SELECT done_at, outcome FROM followup WHERE \(filter.conditions(on: "done_at"))",
                { series, row in
                    series.relation(row["done_at"]) {
                        $0.checkInsDone += 1
                        if row["outcome"] == Followup.Outcome.returned.rawValue { $0.boomerangs += 1 }
                    }
                }
            ),
            (
                """
                SELECT at, action FROM audit_event
                WHERE action IN ('retention.minimised', 'retention.erased') AND \(filter.conditions(on: "at"))
                """,
                { series, row in
                    let month = series.month(of: row["at"])
                    if row["action"] == "retention.erased" {
                        series.retention[month]?.erased += 1
                    } else {
                        series.retention[month]?.minimised += 1
                    }
                }
            ),
            (
                """
                SELECT answered_at, reasons, score, coming_back FROM farewell_feedback
                WHERE \(filter.conditions(on: "answered_at"))
                """,
                { series, row in
                    series.answers[series.month(of: row["answered_at"]), default: []].append(
                        (
                            (row["reasons"] as String).split(separator: ",").map(String.init), row["score"],
                            row["coming_back"] != ComingBack.no.rawValue
                        ))
                }
            ),
        ]
    }

    private func month(of instant: Double) -> String {
        ReportMonths.month(of: Date(timeIntervalSince1970: instant), in: calendar)
    }

    private mutating func relation(_ instant: Double, _ add: (inout RelationsMonth) -> Void) {
        let month = month(of: instant)
        if relations[month] != nil { add(&relations[month]!) }
    }

    var relationsByMonth: [RelationsMonth] { span.months.map { relations[$0]! } }
    var retentionByMonth: [RetentionMonth] { span.months.map { retention[$0]! } }

    var feedbackByMonth: [FeedbackMonth] {
        span.months.map { month in
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

extension RelationsReport {
    /// Every figure of the relations report in one statement, today's day bound.
    static let sql = """
        SELECT (SELECT COUNT(*) FROM farewell_plan WHERE status = 'sent') AS farewells_sent,
               (SELECT COUNT(*) FROM farewell WHERE actor <> 'alumni') AS farewells_recorded,
               (SELECT COUNT(*) FROM farewell_plan WHERE status = 'skipped') AS farewells_skipped,
               (SELECT COUNT(*) FROM followup WHERE done_at IS NOT NULL) AS check_ins_done,
               (SELECT COUNT(*) FROM followup WHERE done_at IS NULL AND due_on <= ?) AS check_ins_due,
               (SELECT COUNT(DISTINCT person_id) FROM followup WHERE outcome = 'returned') AS boomerangs
        """

    init(row: Row) {
        self.init(
            farewellsSent: row["farewells_sent"], farewellsRecorded: row["farewells_recorded"],
            farewellsSkipped: row["farewells_skipped"], checkInsDone: row["check_ins_done"],
            checkInsDue: row["check_ins_due"], boomerangs: row["boomerangs"])
    }
}
