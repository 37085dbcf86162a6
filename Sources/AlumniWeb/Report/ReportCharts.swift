import AlumniCore
import AlumniStore

/// The report page's charts, drawn from one ``AlumniReport`` (the figures `alumni report
/// --json` prints): volumes, times to answer and to resolve, the on-time shares against the
/// target, what is overdue and silent now, keeping in touch, and retention.
struct ReportCharts {
    let report: AlumniReport
    /// The on-time target, 0 to 1.
    let target: Double
    let catalog: Catalog

    var all: [ReportChart] {
        [
            volume, times("first-response", \.firstResponseMedian, \.firstResponseP90),
            times("resolution", \.resolutionMedian, \.resolutionP90), onTime, openNow, relations, retention,
        ]
    }

    private var months: [InquiryReportRow] { report.inquiries.months }
    private var monthNames: [String] { months.map(\.month) }

    private func chart(
        _ id: String, _ kind: ChartDrawing.Kind, _ scale: ChartDrawing.Scale, categories: [String],
        columns: [String], rows: [[ReportChart.Cell]], series: [ChartDrawing.Series],
        values: [String: String] = [:], target: (Double, String)? = nil
    ) -> ReportChart {
        ReportChart(
            id: id, title: catalog("report.\(id).title"), summary: catalog("report.\(id).summary", values),
            columns: columns, rows: rows,
            drawing: ChartDrawing(
                id: "chart-\(id)", kind: kind, scale: scale, categories: categories, series: series, target: target))
    }

    private var volume: ReportChart {
        chart(
            "volume", .bars, .count, categories: monthNames,
            columns: [catalog("report.month"), catalog("report.opened"), catalog("report.closed")],
            rows: months.map { [.text($0.month), .count($0.opened), .count($0.closedInMonth)] },
            series: [
                .init(name: catalog("report.opened"), values: months.map { Double($0.opened) }),
                .init(name: catalog("report.closed"), values: months.map { Double($0.closedInMonth) }),
            ])
    }

    private func times(
        _ id: String, _ median: KeyPath<InquiryReportRow, Int?>, _ p90: KeyPath<InquiryReportRow, Int?>
    ) -> ReportChart {
        chart(
            id, .lines, .days, categories: monthNames,
            columns: [catalog("report.month"), catalog("report.median"), catalog("report.p90")],
            rows: months.map { [.text($0.month), .days($0[keyPath: median]), .days($0[keyPath: p90])] },
            series: [
                .init(name: catalog("report.median"), values: months.map { $0[keyPath: median].map(Double.init) }),
                .init(name: catalog("report.p90"), values: months.map { $0[keyPath: p90].map(Double.init) }),
            ])
    }

    private var onTime: ReportChart {
        let percent = String(Int((target * 100).rounded()))
        return chart(
            "on-time", .lines, .share, categories: monthNames,
            columns: [catalog("report.month"), catalog("report.firstAnswerOnTime"), catalog("report.resolvedOnTime")],
            rows: months.map { [.text($0.month), .share($0.firstResponseOnTime), .share($0.resolvedOnTime)] },
            series: [
                .init(name: catalog("report.firstAnswerOnTime"), values: months.map(\.firstResponseOnTime)),
                .init(name: catalog("report.resolvedOnTime"), values: months.map(\.resolvedOnTime)),
            ],
            values: ["target": percent], target: (target, catalog("report.target", ["target": percent])))
    }

    private var openNow: ReportChart {
        let counts = report.inquiries.openNow
        let ownerName = { (owner: String?) in owner ?? catalog("report.unassigned") }
        var owners: [String] = []
        for count in counts where !owners.contains(ownerName(count.owner)) { owners.append(ownerName(count.owner)) }
        func total(_ owner: String, _ value: (OpenInquiryCount) -> Int) -> Double {
            Double(counts.filter { ownerName($0.owner) == owner }.map(value).reduce(0, +))
        }
        return chart(
            "now", .bars, .count, categories: owners,
            columns: [
                catalog("report.owner"), catalog("report.type.column"), catalog("report.overdue"),
                catalog("report.silent"),
            ],
            rows: counts.map {
                [
                    .text(ownerName($0.owner)), .text(catalog("type." + $0.type.rawValue)), .count($0.overdue),
                    .count($0.silent),
                ]
            },
            series: [
                .init(name: catalog("report.overdue"), values: owners.map { total($0, \.overdue) }),
                .init(name: catalog("report.silent"), values: owners.map { total($0, \.silent) }),
            ])
    }

    private var relations: ReportChart {
        let months = report.relationsByMonth
        let columns: [(key: String, value: KeyPath<RelationsMonth, Int>)] = [
            ("report.farewellsSent", \.farewellsSent), ("report.farewellsRecorded", \.farewellsRecorded),
            ("report.farewellsSkipped", \.farewellsSkipped), ("report.checkInsDone", \.checkInsDone),
            ("report.boomerangs", \.boomerangs),
        ]
        return chart(
            "relations", .bars, .count, categories: months.map(\.month),
            columns: [catalog("report.month")] + columns.map { catalog($0.key) },
            rows: months.map { month in [.text(month.month)] + columns.map { .count(month[keyPath: $0.value]) } },
            series: columns.map { column in
                .init(name: catalog(column.key), values: months.map { Double($0[keyPath: column.value]) })
            })
    }

    private var retention: ReportChart {
        let months = report.retention
        return chart(
            "retention", .bars, .count, categories: months.map(\.month),
            columns: [catalog("report.month"), catalog("report.minimised"), catalog("report.erased")],
            rows: months.map { [.text($0.month), .count($0.minimised), .count($0.erased)] },
            series: [
                .init(name: catalog("report.minimised"), values: months.map { Double($0.minimised) }),
                .init(name: catalog("report.erased"), values: months.map { Double($0.erased) }),
            ])
    }
}
