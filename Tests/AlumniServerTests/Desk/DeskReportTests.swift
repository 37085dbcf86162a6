import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: the report as charts")
struct DeskReportTests {
    /// The cells of the table captioned `caption` on `page`, row by row.
    private func table(_ caption: String, in page: String) throws -> [[String]] {
        let start = try #require(page.range(of: "<caption>\(caption)</caption>"))
        let body = try #require(page[start.upperBound...].range(of: "<tbody>"))
        let end = try #require(page[body.upperBound...].range(of: "</tbody>"))
        return page[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>").dropLast().map { row in
            row.components(separatedBy: "</t").dropLast().map { cell in
                String(cell[cell.index(after: cell.lastIndex(of: ">")!)...])
            }
        }
    }

    @Test(
        "Each chart is an SVG picture with its numbers in a table and as CSV, from the report alumni report --json prints"
    )
    func chartsTablesAndCSVAgreeWithTheStoresReport() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let page = try await hr.get("/report")
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/report\" aria-current=\"page\""))
            #expect(page.text.components(separatedBy: "<svg viewBox=").count - 1 == 7)
            #expect(page.text.components(separatedBy: "role=\"img\" aria-labelledby=").count - 1 == 7)
            #expect(page.text.components(separatedBy: "<table class=\"numbers cards-on-phone\">").count - 1 == 7)

            let report = try server.database.report(months: 12, as: "hr")
            let rows = try table("Inquiries opened and closed per month", in: page.text)
            #expect(rows.count == 12)
            #expect(rows.map { $0[0] } == report.inquiries.months.map(\.month))
            #expect(rows.last == ["2026-11", "3", "1"])
            #expect(report.inquiries.months.last?.opened == 3)

            let csv = try await hr.get("/report/volume.csv?months=12&type=all")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("report-volume-12-months-all.csv") == true)
            #expect(csv.text == "Month,Opened,Closed\r\n" + rows.map { $0.joined(separator: ",") + "\r\n" }.joined())

            let onTime = try await hr.get("/report/on-time.csv?months=3&type=general")
            #expect(onTime.text.hasPrefix("Month,First answer on time,Resolved on time\r\n2026-09,,\r\n"))
            #expect(page.text.contains("Target 90 %"))
        }
    }

    @Test("The period and type filters pick what is counted; the type choice offers only types the role may see")
    func filtersAndRoles() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try await server.test { client in
            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            let page = try await coordinator.get("/report?months=3&type=general")
            #expect(page.status == .ok)
            #expect(page.text.contains("<option value=\"3\" selected>"))
            #expect(page.text.contains("<option value=\"general\" selected>"))
            #expect(!page.text.contains("<option value=\"pension\""))
            #expect(
                try table("Inquiries opened and closed per month", in: page.text).map { $0[0] } == [
                    "2026-09", "2026-10", "2026-11",
                ])
            // Pension inquiries are not the coordinator's to count: the whole report leaves them out.
            #expect(
                try table("Inquiries opened and closed per month", in: (try await coordinator.get("/report")).text)
                    .last == ["2026-11", "2", "1"])

            let badPeriod = try await coordinator.get("/report?months=5")
            #expect(badPeriod.status == .badRequest)
            #expect(badPeriod.text.contains("months"))
            #expect((try await coordinator.get("/report?type=holiday")).status == .badRequest)
            #expect((try await coordinator.get("/report?type=pension")).status == .forbidden)
            #expect((try await coordinator.get("/report/nothing.csv")).status == .notFound)

            var viewer = DeskBrowser(client)
            try await viewer.signIn("viewer")
            #expect((try await viewer.get("/report")).status == .ok)
        }
    }

    @Test("Series differ by pattern and carry names, not by colour alone")
    func seriesHavePatternsAndLabels() async throws {
        let server = try TestServer()
        try server.enableDesk()
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let page = try await hr.get("/report").text
            #expect(page.contains("<pattern id=\"chart-volume-series-0\""))
            #expect(page.contains("fill=\"url(#chart-volume-series-1)\""))
            #expect(page.contains("<rect width=\"3\" height=\"6\" fill=\"#D55E00\"/>"))
            // November's bars carry their values, and each line its name at its end.
            #expect(page.contains("<title>Opened, 2026-11: 3</title>"))
            #expect(page.contains("<text class=\"direct\""))
            #expect(page.contains(">90th percentile</text>"))
        }
    }
}
