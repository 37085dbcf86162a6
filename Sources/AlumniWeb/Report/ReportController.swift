import AlumniCore
import AlumniStore
import Hummingbird

/// The report page (`/report`): charts drawn on the server as SVG, each with its numbers in a
/// table and a CSV download (`/report/<chart>.csv`), for the last 3, 12 or 24 months and one
/// inquiry type or all. The figures come from the store's report, as `alumni report --json`.
struct ReportController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    /// The periods offered, in months.
    static var periods: [Int] { [3, 12, 24] }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("report") { request, context in try await page(request, context) }
        group.get("report/:file") { request, context in try await download(request, context) }
    }

    /// The period and type asked for in the address.
    private struct Filter {
        var months = 12
        var type: InquiryType?

        init(_ request: Request) throws {
            let query = QueryValues(request.uri.queryParameters)
            months =
                try query.parsed("months") { Int($0).flatMap { ReportController.periods.contains($0) ? $0 : nil } }
                ?? 12
            if query["type"] != "all" { type = try query.parsed("type") { InquiryType(rawValue: $0) } }
        }

        var query: String { "months=\(months)&type=\(type?.rawValue ?? "all")" }
    }

    private func charts(_ request: Request, _ context: Context, _ filter: Filter) async throws -> [ReportChart] {
        let session = try context.requireSession()
        let report = try await store.report(
            months: filter.months, types: filter.type.map { [$0] }, as: session.user.actor(request))
        return ReportCharts(
            report: report, target: Double(settings.onTimeTargetPercent) / 100, catalog: pages.catalog(for: request)
        ).all
    }

    private func page(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let filter = try Filter(request)
        let charts = try await charts(request, context, filter)
        let types = [nil] + InquiryType.allCases.filter { session.user.role.may(.readInquiry($0)) }
        return try pages.page(
            "report", title: catalog("report.title"), for: request, session: session, section: "report",
            [
                "periods": Self.periods.map { months -> PageValue in
                    [
                        "value": months, "label": catalog("report.months", ["months": String(months)]),
                        "selected": months == filter.months,
                    ]
                },
                "types": types.map { type -> PageValue in
                    [
                        "value": type?.rawValue ?? "all",
                        "label": type.map { catalog("type." + $0.rawValue) } ?? catalog("report.allTypes"),
                        "selected": type == filter.type,
                    ]
                },
                "charts": charts.map { $0.pageValue(query: filter.query) },
            ])
    }

    /// One chart's table as CSV: `/report/volume.csv?months=12&type=all`.
    private func download(_ request: Request, _ context: Context) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".csv") else { throw DeskError.notFound }
        let filter = try Filter(request)
        guard let chart = try await charts(request, context, filter).first(where: { "\($0.id).csv" == file }) else {
            throw DeskError.notFound
        }
        return CSVDownload(
            name: "report-\(chart.id)-\(filter.months)-months-\(filter.type?.rawValue ?? "all").csv", text: chart.csv
        ).response
    }
}
