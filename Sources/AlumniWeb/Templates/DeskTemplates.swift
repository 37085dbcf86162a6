import AlumniResources
import Foundation

/// A site's Mustache templates: one per page in `Resources/SITE/pages`, shared pieces in
/// `Resources/SITE/partials`, compiled once per language (the desk's and the portal's alike). A template's `{{t.KEY}}` is the
/// catalog's string, written into the template when it is loaded (HTML-escaped) instead of
/// looked up on every render: the words of a page never change.
struct DeskTemplates: Sendable {
    /// Every page and partial by name, per language.
    let byLanguage: [String: [String: PageTemplate]]

    static func shipped(catalogs: Catalogs, site: String = "desk") throws -> DeskTemplates {
        var sources: [String: String] = [:]
        for folder in ["partials", "pages"] {
            for (name, data) in try AlumniResources.deskFiles(in: folder, withExtension: "mustache", site: site) {
                sources[name] = String(decoding: data, as: UTF8.self)
            }
        }
        var byLanguage: [String: [String: PageTemplate]] = [:]
        for (language, catalog) in catalogs.byLanguage {
            var templates: [String: PageTemplate] = [:]
            for (name, source) in sources {
                templates[name] = try PageTemplate(Self.translated(source, catalog), name: name)
            }
            byLanguage[language] = templates
        }
        return DeskTemplates(byLanguage: byLanguage)
    }

    /// `source` with every `{{t.KEY}}` replaced by the catalog's string for KEY.
    static func translated(_ source: String, _ catalog: Catalog) -> String {
        source.replacing(/\{\{t\.([A-Za-z0-9_.\-]+)\}\}/) { match in HTMLEscaping.escaped(catalog(String(match.1))) }
    }

    /// The page `name` in `catalog`'s language, rendered with `values`, as UTF-8.
    func render(_ name: String, in catalog: Catalog, _ values: PageValue) throws -> [UInt8] {
        guard let templates = byLanguage[catalog.language] ?? byLanguage[Catalogs.fallback],
            let page = templates[name]
        else { throw CocoaError(.fileNoSuchFile) }
        return page.render(values, partials: templates)
    }
}
