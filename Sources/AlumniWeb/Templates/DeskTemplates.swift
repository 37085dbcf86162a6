import AlumniResources
import Foundation
import Mustache

/// The desk's Mustache templates: one per page in `Resources/desk/pages`, shared pieces in
/// `Resources/desk/partials`, loaded once per language. A template's `{{t.KEY}}` is the
/// catalog's string, written into the template when it is loaded (HTML-escaped, as Mustache
/// would) instead of looked up on every render: the words of a page never change.
struct DeskTemplates: Sendable {
    let libraries: [String: MustacheLibrary]

    static func shipped(catalogs: Catalogs) throws -> DeskTemplates {
        var sources: [String: String] = [:]
        for folder in ["partials", "pages"] {
            for (name, data) in try AlumniResources.deskFiles(in: folder, withExtension: "mustache") {
                sources[name] = String(decoding: data, as: UTF8.self)
            }
        }
        var libraries: [String: MustacheLibrary] = [:]
        for (language, catalog) in catalogs.byLanguage {
            var library = MustacheLibrary()
            for (name, source) in sources {
                try library.register(Self.translated(source, catalog), named: name)
            }
            libraries[language] = library
        }
        return DeskTemplates(libraries: libraries)
    }

    /// `source` with every `{{t.KEY}}` replaced by the catalog's string for KEY.
    static func translated(_ source: String, _ catalog: Catalog) -> String {
        source.replacing(/\{\{t\.([A-Za-z0-9_.\-]+)\}\}/) { match in escaped(catalog(String(match.1))) }
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The page `name` in `catalog`'s language, rendered with `values`.
    func render(_ name: String, in catalog: Catalog, _ values: [String: Any]) throws -> String {
        guard let library = libraries[catalog.language] ?? libraries[Catalogs.fallback],
            let html = library.render(values, withTemplate: name)
        else { throw CocoaError(.fileNoSuchFile) }
        return html
    }
}
