import Foundation

/// A chart drawn on the server as inline SVG: the geometry of its bars or lines, marks, axis
/// and labels in a fixed view box, which the `chart` partial writes out as elements.
///
/// Colour is never the only thing that tells series apart: each series has a colour from the
/// Okabe–Ito palette (readable with the common colour blindnesses) and also its own fill
/// pattern (bars) or dash and marker shape (lines), a legend, and direct labels — values above
/// bars where they fit, a line's name at its end — so the chart reads in print and in black
/// and white. The numbers themselves are in the table beside it.
struct ChartDrawing {
    enum Kind {
        case bars
        case lines
    }

    /// How the vertical axis counts.
    enum Scale {
        case count
        case days
        /// 0 to 1, shown as percent.
        case share
    }

    struct Series {
        var name: String
        /// One per category; nil where there is no value (a line breaks there).
        var values: [Double?]
    }

    var id: String
    var kind: Kind
    var scale: Scale
    var categories: [String]
    var series: [Series]
    /// A horizontal target line (on a share chart, 0 to 1), with its label.
    var target: (value: Double, label: String)?

    static let width = 640.0
    static let height = 300.0
    private static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
    private static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 4"]

    private var left: Double { 46 }
    /// Lines leave room on the right for their names.
    private var right: Double {
        Self.width
            - (kind == .lines
                ? min(190, 14 + Self.textWidth(series.map(\.name).max { $0.count < $1.count } ?? "")) : 12)
    }
    /// Below the legend, however many rows it takes.
    private var top: Double { 22 + 18 * Double(legendPlaces.last?.row ?? 0) + 18 }
    private var bottom: Double { Self.height - 30 }

    var pageValue: PageValue {
        let axis = Axis(maximum: series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0, scale: scale)
        let band = (right - left) / Double(max(categories.count, 1))
        func y(_ value: Double) -> Double { bottom - value / axis.maximum * (bottom - top) }
        var values: PageValue = [
            "viewBox": "0 0 \(Self.number(Self.width)) \(Self.number(Self.height))",
            "patterns": series.indices.map(pattern),
            "grid": axis.ticks.map { tick -> PageValue in
                [
                    "y": Self.number(y(tick)), "x1": Self.number(left), "x2": Self.number(right),
                    "labelX": Self.number(left - 6), "labelY": Self.number(y(tick) + 4), "label": axis.label(tick),
                ]
            },
            "xLabels": xLabels(band: band),
            "legend": legend,
        ]
        switch kind {
        case .bars: values["bars"] = .list(bars(band: band, y: y))
        case .lines:
            values["lines"] = .list(lines(band: band, y: y))
            values["marks"] = .list(marks(band: band, y: y))
            values["labels"] = .list(lineLabels(band: band, y: y))
        }
        if let target {
            values["target"] = [
                "x1": Self.number(left), "x2": Self.number(right), "y": Self.number(y(target.value)),
                "labelX": Self.number(left + 4), "labelY": Self.number(y(target.value) - 5), "label": target.label,
            ]
        }
        return values
    }

    // MARK: - Parts

    private func pattern(_ index: Int) -> PageValue {
        // Names of their own: a section tag finds a name in the enclosing values too.
        let kind = ["solidFill", "stripedFill", "dottedFill", "crossedFill", "ruledFill"][index % 5]
        return [
            "id": patternId(index), "color": Self.palette[index % Self.palette.count], kind: true,
            "rotate": index % 5 == 1 || index % 5 == 3 ? "rotate(45)" : nil,
        ]
    }

    private func patternId(_ index: Int) -> String { "\(id)-series-\(index)" }

    /// Where each series' legend entry goes: left to right, on a new row when the next would
    /// not fit (longer names, as in Swedish, take two rows).
    private var legendPlaces: [(x: Double, row: Int)] {
        var places: [(x: Double, row: Int)] = []
        var (x, row) = (left, 0)
        for series in series {
            let width = 32 + Self.textWidth(series.name)
            if x > left, x + width > Self.width {
                (x, row) = (left, row + 1)
            }
            places.append((x, row))
            x += width
        }
        return places
    }

    private var legend: [PageValue] {
        zip(series.indices, legendPlaces).map { index, place in
            let (x, y) = (place.x, 12 + 18 * Double(place.row))
            return [
                "x": Self.number(x), "textX": Self.number(x + 18), "y": Self.number(y),
                "textY": Self.number(y + 10), "lineY": Self.number(y + 6), "lineX2": Self.number(x + 14),
                "markPath": Self.mark(index, x: x + 7, y: y + 6), "fill": "url(#\(patternId(index)))",
                "color": Self.palette[index % Self.palette.count], "dash": Self.dashes[index % Self.dashes.count],
                "name": series[index].name, "isLine": kind == .lines,
            ]
        }
    }

    private func xLabels(band: Double) -> [PageValue] {
        // Every label, or every second or third where they would run into each other.
        let widest = Self.textWidth(categories.max { $0.count < $1.count } ?? "") + 6
        let step = max(1, Int((widest / band).rounded(.up)))
        return categories.indices.filter { $0 % step == 0 }.map { index in
            [
                "x": Self.number(left + band * (Double(index) + 0.5)), "y": Self.number(bottom + 18),
                "text": categories[index],
            ]
        }
    }

    private func bars(band: Double, y: (Double) -> Double) -> [PageValue] {
        let width = band * 0.8 / Double(max(series.count, 1))
        var bars: [PageValue] = []
        for (index, series) in series.enumerated() {
            for (category, value) in series.values.enumerated() {
                guard let value, value > 0 else { continue }
                let x = left + band * Double(category) + band * 0.1 + width * Double(index)
                bars.append([
                    "x": Self.number(x), "y": Self.number(y(value)), "width": Self.number(width),
                    "height": Self.number(bottom - y(value)), "fill": "url(#\(patternId(index)))",
                    "stroke": Self.palette[index % Self.palette.count],
                    "title": "\(series.name), \(categories[category]): \(Axis.text(value, scale))",
                    // A value above its bar when there is room for it.
                    "value": width >= 16 ? Axis.text(value, scale) : nil,
                    "valueX": Self.number(x + width / 2), "valueY": Self.number(y(value) - 4),
                ])
            }
        }
        return bars
    }

    private func points(_ series: Series, band: Double, y: (Double) -> Double) -> [(x: Double, y: Double)?] {
        series.values.enumerated().map { category, value in
            value.map { (left + band * (Double(category) + 0.5), y($0)) }
        }
    }

    private func lines(band: Double, y: (Double) -> Double) -> [PageValue] {
        series.enumerated().flatMap { index, series -> [PageValue] in
            // A line breaks where a month has no value.
            points(series, band: band, y: y).split { $0 == nil }.map { run in
                [
                    "points": run.map { "\(Self.number($0!.x)),\(Self.number($0!.y))" }.joined(separator: " "),
                    "color": Self.palette[index % Self.palette.count], "dash": Self.dashes[index % Self.dashes.count],
                ]
            }
        }
    }

    private func marks(band: Double, y: (Double) -> Double) -> [PageValue] {
        series.enumerated().flatMap { index, series in
            zip(points(series, band: band, y: y), series.values).compactMap { point, value -> PageValue? in
                guard let point, let value else { return nil }
                return [
                    "path": Self.mark(index, x: point.x, y: point.y), "color": Self.palette[index % Self.palette.count],
                    "title": "\(series.name): \(Axis.text(value, scale))",
                ]
            }
        }
    }

    /// Each line's name beside its last point, moved apart where two would overlap.
    private func lineLabels(band: Double, y: (Double) -> Double) -> [PageValue] {
        var labels = series.compactMap { series -> (y: Double, name: String)? in
            guard let last = points(series, band: band, y: y).last(where: { $0 != nil }) ?? nil else { return nil }
            return (last.y + 4, series.name)
        }.sorted { $0.y < $1.y }
        for index in labels.indices.dropFirst() where labels[index].y - labels[index - 1].y < 13 {
            labels[index].y = labels[index - 1].y + 13
        }
        return labels.map { ["x": Self.number(right + 8), "y": Self.number($0.y), "text": $0.name] }
    }

    /// A marker shape per series (circle, square, triangle, diamond, bar) centred on `x`, `y`.
    private static func mark(_ index: Int, x: Double, y: Double) -> String {
        let r = 4.0
        let (l, rt, t, b) = (number(x - r), number(x + r), number(y - r), number(y + r))
        switch index % 5 {
        case 0:
            return
                "M\(l),\(number(y))a\(number(r)),\(number(r)) 0 1,0 \(number(2 * r)),0a\(number(r)),\(number(r)) 0 1,0 -\(number(2 * r)),0Z"
        case 1: return "M\(l),\(t)H\(rt)V\(b)H\(l)Z"
        case 2: return "M\(number(x)),\(t)L\(rt),\(b)H\(l)Z"
        case 3: return "M\(number(x)),\(t)L\(rt),\(number(y))L\(number(x)),\(b)L\(l),\(number(y))Z"
        default: return "M\(l),\(number(y - 1.5))H\(rt)V\(number(y + 1.5))H\(l)Z"
        }
    }

    /// About how wide `text` is at the chart's 13-pixel type.
    private static func textWidth(_ text: String) -> Double { Double(text.count) * 7.5 }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}

/// The vertical axis: a round maximum above the largest value and four or five ticks.
private struct Axis {
    let maximum: Double
    let ticks: [Double]
    let scale: ChartDrawing.Scale

    init(maximum largest: Double, scale: ChartDrawing.Scale) {
        self.scale = scale
        if scale == .share {
            maximum = 1
            ticks = [0, 0.25, 0.5, 0.75, 1]
            return
        }
        let rough = max(largest, 4) / 4
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        maximum = step * (max(largest, 1) / step).rounded(.up)
        ticks = stride(from: 0, through: maximum, by: step).map { $0 }
    }

    func label(_ tick: Double) -> String { Self.text(tick, scale) }

    static func text(_ value: Double, _ scale: ChartDrawing.Scale) -> String {
        switch scale {
        case .share: "\(Int((value * 100).rounded())) %"
        case .count, .days: ChartDrawing.number(value)
        }
    }
}
