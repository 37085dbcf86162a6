import Testing

@testable import AlumniWeb

@Suite("The report's SVG charts")
struct ChartDrawingTests {
    private func months(_ count: Int) -> [String] { (1...count).map { "m\($0)" } }

    private func list(_ value: PageValue, _ name: String) -> [PageValue] {
        guard case .list(let items) = value[name] else { return [] }
        return items
    }

    private func text(_ value: PageValue?) -> String? {
        guard case .text(let text) = value else { return nil }
        return text
    }

    @Test func aLineBreaksWhereAMonthHasNoValue() {
        let drawing = ChartDrawing(
            id: "c", kind: .lines, scale: .days, categories: months(5),
            series: [.init(name: "Median", values: [1, 2, nil, 4, 5])])
        let lines = list(drawing.pageValue, "lines")
        #expect(lines.count == 2)
        #expect(lines.map { text($0["points"])?.split(separator: " ").count } == [2, 2])
        #expect(list(drawing.pageValue, "marks").count == 4)
    }

    @Test func theAxisEndsOnARoundNumberAboveTheLargestValue() {
        let drawing = ChartDrawing(
            id: "c", kind: .bars, scale: .count, categories: months(2),
            series: [.init(name: "Opened", values: [0, 7])])
        #expect(list(drawing.pageValue, "grid").map { text($0["label"]) } == ["0", "2", "4", "6", "8"])
        let share = ChartDrawing(
            id: "c", kind: .lines, scale: .share, categories: months(2),
            series: [.init(name: "On time", values: [0.2, 0.9])])
        #expect(list(share.pageValue, "grid").map { text($0["label"]) } == ["0 %", "25 %", "50 %", "75 %", "100 %"])
    }

    @Test func aLegendTooWideForOneRowTakesTwoAndThePlotStartsBelowIt() {
        let names = ["Avsked skickade", "Sagda för hand", "Överhoppade", "Uppföljningar gjorda", "Kom tillbaka"]
        let drawing = ChartDrawing(
            id: "c", kind: .bars, scale: .count, categories: months(2),
            series: names.map { .init(name: $0, values: [1, 2]) })
        let rows = Set(list(drawing.pageValue, "legend").compactMap { text($0["y"]) })
        #expect(rows == ["12", "30"])
        // The top grid line (the axis' maximum) lies below the second row.
        let top = list(drawing.pageValue, "grid").compactMap { text($0["y"]).flatMap(Double.init) }.min() ?? 0
        #expect(top > 30 + 12)
    }

    @Test func barsCarryTheirValueWhereItFitsAndMonthLabelsThinOutWhenCrowded() {
        let few = ChartDrawing(
            id: "c", kind: .bars, scale: .count, categories: months(3),
            series: [.init(name: "Opened", values: [1, 2, 3])])
        #expect(list(few.pageValue, "bars").map { text($0["value"]) } == ["1", "2", "3"])
        let crowded = ChartDrawing(
            id: "c", kind: .bars, scale: .count, categories: (1...24).map { "2026-\($0)" },
            series: [.init(name: "Opened", values: Array(repeating: 1, count: 24)), .init(name: "Closed", values: [])])
        #expect(list(crowded.pageValue, "bars").allSatisfy { text($0["value"]) == nil })
        #expect(list(crowded.pageValue, "xLabels").count < 24)
    }
}
