import AlumniCore

/// One chart of the report page with the table of its numbers: the picture, the table beside
/// it and its CSV download are made from the same rows, so they always agree.
struct ReportChart {
    /// A table cell: shown on the page one way, written to the CSV as a plain number.
    enum Cell {
        case text(String)
        case count(Int)
        /// Business days; none when nothing was measured.
        case days(Int?)
        /// 0 to 1; none when nothing was due.
        case share(Double?)

        var shown: String {
            switch self {
            case .text(let text): text
            case .count(let count): String(count)
            case .days(let days): days.map(String.init) ?? "–"
            case .share(let share): share.map { "\(Int(($0 * 100).rounded())) %" } ?? "–"
            }
        }

        var csv: String {
            switch self {
            case .text(let text): text
            case .count(let count): String(count)
            case .days(let days): days.map(String.init) ?? ""
            case .share(let share): share.map { String((($0 * 1000).rounded()) / 1000) } ?? ""
            }
        }
    }

    /// Names the chart in addresses and element ids: `volume`, `on-time`.
    var id: String
    var title: String
    /// What the picture shows, in a sentence: the SVG's description for screen readers.
    var summary: String
    var columns: [String]
    var rows: [[Cell]]
    var drawing: ChartDrawing

    /// The table as RFC 4180 CSV, a header line first.
    var csv: String {
        ([columns] + rows.map { $0.map(\.csv) }).map(CSVWriter.line).joined()
    }

    /// What the `chart` partial shows; `query` is the page's filter, kept by the CSV link.
    func pageValue(query: String) -> PageValue {
        [
            "id": id, "title": title, "summary": summary, "csv": "/report/\(id).csv?\(query)",
            "svg": drawing.pageValue, "columns": columns,
            "rows": rows.map { cells -> PageValue in
                [
                    "head": cells.first?.shown ?? "",
                    "cells": zip(columns.dropFirst(), cells.dropFirst()).map { ["label": $0, "value": $1.shown] },
                ]
            },
            "isEmpty": rows.isEmpty,
            // A table of many columns goes below its chart, not beside it, on a wide screen too.
            "isWide": columns.count > 4,
        ]
    }
}
