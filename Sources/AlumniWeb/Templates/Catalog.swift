import AlumniResources
import Foundation

/// A site's words in one language, from `Resources/SITE/strings/LANGUAGE.json`: every string
/// a page shows, so a translation is one file.
struct Catalog: Sendable {
    let language: String
    let strings: [String: String]

    /// The string `key` with each `{name}` replaced by `values[name]`; the key itself when missing.
    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = strings[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// Every shipped catalog, and the choice of one for a request.
struct Catalogs: Sendable {
    let byLanguage: [String: Catalog]
    static let fallback = "en"

    /// Loads every `strings/*.json` of `site` (`desk` or `portal`).
    static func shipped(site: String = "desk") throws -> Catalogs {
        var catalogs: [String: Catalog] = [:]
        for (language, data) in try AlumniResources.deskFiles(in: "strings", withExtension: "json", site: site) {
            catalogs[language] = Catalog(
                language: language, strings: try JSONDecoder().decode([String: String].self, from: data))
        }
        guard catalogs[fallback] != nil else { throw CocoaError(.fileNoSuchFile) }
        return Catalogs(byLanguage: catalogs)
    }

    /// The catalog for `language`, if there is one.
    subscript(language: String?) -> Catalog? { language.flatMap { byLanguage[$0] } }

    /// The first language of an `Accept-Language` header that has a catalog, else English.
    func pick(acceptLanguage: String?) -> Catalog {
        let wanted = (acceptLanguage ?? "").split(separator: ",").compactMap { part in
            part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
                .split(separator: "-").first.map(String.init)
        }
        return wanted.lazy.compactMap { byLanguage[$0] }.first ?? byLanguage[Self.fallback]!
    }
}
