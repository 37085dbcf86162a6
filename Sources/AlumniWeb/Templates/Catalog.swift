import AlumniResources
import Foundation

/// A site's words in one language, from `Resources/SITE/strings/LANGUAGE.json`: every string
/// a page shows, so a translation is one file.
struct Catalog: Sendable {
    let language: String
    let strings: [String: String]

    /// The string `key` with each `{name}` replaced by `values[name]`; the key itself when missing.
    /// One pass over the string, without Foundation's string search: pages fill in dates and
    /// names this way for every row they show.
    func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        let text = strings[key] ?? key
        guard !values.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = values[String(rest[afterOpen..<close])]
            else {
                result += "{"
                rest = rest[afterOpen...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
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
