import AlumniResources
import Foundation
import Mustache
import Testing

@testable import AlumniWeb

/// The desk's own renderer implements a subset of Mustache for speed (docs/performance.md); this
/// holds every desk template to swift-mustache's output, with every name filled and with none,
/// so the subset cannot drift from Mustache.
@Suite("Desk: templates render as Mustache renders them")
struct TemplateParityTests {
    /// Values that make every tag of `nodes` (and the partials they name) show something: a
    /// text for each name shown, two items for each section.
    private func filled(_ nodes: [PageTemplate.Node], _ partials: [String: PageTemplate], depth: Int = 0) -> PageValue {
        var object: PageValue = .object([])
        func set(_ names: [String], _ value: PageValue, in object: inout PageValue) {
            guard let first = names.first else { return }
            if names.count == 1 {
                if object[first] == nil { object[first] = value }
                return
            }
            var inner = object[first] ?? .object([])
            set(Array(names.dropFirst()), value, in: &inner)
            object[first] = inner
        }
        for node in nodes {
            switch node {
            case .text: break
            case .variable(let path):
                set(path.names, .text("\(path.names.joined(separator: "."))<&\"'>"), in: &object)
            case .section(let path, _, let children):
                if path.testsEmpty {
                    set(path.names, .list([.text("one")]), in: &object)
                    continue
                }
                let usesDot = children.contains {
                    if case .variable(let inner) = $0 { inner.names.isEmpty } else { false }
                }
                let item: PageValue = usesDot ? .text("item<&>") : filled(children, partials, depth: depth + 1)
                set(path.names, .list([item, item]), in: &object)
            case .partial(let name):
                guard depth < 8, let partial = partials[name],
                    case .object(let pairs) = filled(partial.nodes, partials, depth: depth + 1)
                else { continue }
                for (name, value) in pairs where object[name] == nil { object[name] = value }
            }
        }
        return object
    }

    /// `value` as swift-mustache reads it: dictionaries, arrays, strings, numbers and flags.
    private func plain(_ value: PageValue) -> Any? {
        switch value {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .list(let items): items.compactMap(plain)
        case .object(let pairs):
            Dictionary(pairs.compactMap { pair in plain(pair.value).map { (pair.name, $0) } }) { $1 }
        case .none: nil
        }
    }

    /// Where two renderings part, with a little of each from there.
    private func firstDifference(_ ours: String, _ theirs: String) -> String {
        let common = zip(ours, theirs).prefix { $0 == $1 }.count
        func from(_ text: String) -> String { String(text.dropFirst(max(0, common - 20)).prefix(80)) }
        return "ours: …\(from(ours))… mustache: …\(from(theirs))…"
    }

    @Test func everyDeskTemplateRendersAsSwiftMustacheDoes() throws {
        let catalogs = try Catalogs.shipped()
        let catalog = try #require(catalogs.byLanguage["en"])
        var sources: [String: String] = [:]
        for folder in ["partials", "pages"] {
            for (name, data) in try AlumniResources.deskFiles(in: folder, withExtension: "mustache") {
                sources[name] = DeskTemplates.translated(String(decoding: data, as: UTF8.self), catalog)
            }
        }
        let ours = try sources.mapValues { try PageTemplate($0, name: "t") }
        let library = MustacheLibrary(templates: try sources.mapValues { try MustacheTemplate(string: $0) })
        let pages = try AlumniResources.deskFiles(in: "pages", withExtension: "mustache").keys.sorted()
        #expect(pages.count >= 10, "every page is compared")
        for name in pages {
            let page = try #require(ours[name])
            for values in [filled(page.nodes, ours), PageValue.object([])] {
                let rendered = String(decoding: page.render(values, partials: ours), as: UTF8.self)
                let expected = library.render(plain(values) ?? [String: Any](), withTemplate: name)
                #expect(rendered == expected, "\(name): \(firstDifference(rendered, expected ?? ""))")
            }
        }
    }
}
