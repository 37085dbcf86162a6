import AlumniResources
import Foundation

/// The desk's words in one language, from `Resources/desk/strings/LANGUAGE.json`: every string
/// a page shows, so a translation is one file.
struct Catalog: Sendable {
    let language: String
    let strings: [String: String]
    /// The strings as a tree split at the dots of their keys, for templates: `{{t.queue.title}}`.
    let tree: StringTree

    init(language: String, strings: [String: String]) {
        self.language = language
        self.strings = strings
        tree = StringTree(strings)
    }

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

    /// Loads every `strings/*.json`.
    static func shipped() throws -> Catalogs {
        var catalogs: [String: Catalog] = [:]
        for (language, data) in try AlumniResources.deskFiles(in: "strings", withExtension: "json") {
            catalogs[language] = Catalog(
                language: language, strings: try JSONDecoder().decode([String: String].self, from: data))
        }
        guard catalogs[fallback] != nil else { throw CocoaError(.fileNoSuchFile) }
        return Catalogs(byLanguage: catalogs)
    }

    /// The first language of an `Accept-Language` header that has a catalog, else English.
    func pick(acceptLanguage: String?) -> Catalog {
        let wanted = (acceptLanguage ?? "").split(separator: ",").compactMap { part in
            part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
                .split(separator: "-").first.map(String.init)
        }
        return wanted.lazy.compactMap { byLanguage[$0] }.first ?? byLanguage[Self.fallback]!
    }
}

/// Dotted keys as nested dictionaries, built once; Mustache reads `a.b.c` as a path.
final class StringTree: @unchecked Sendable {
    /// Never changed after `init`.
    let root: [String: Any]

    init(_ strings: [String: String]) {
        var root: [String: Any] = [:]
        func insert(_ path: ArraySlice<Substring>, _ value: String, into node: inout [String: Any]) {
            let key = String(path.first!)
            if path.count == 1 {
                node[key] = value
            } else {
                var child = node[key] as? [String: Any] ?? [:]
                insert(path.dropFirst(), value, into: &child)
                node[key] = child
            }
        }
        for (key, value) in strings { insert(key.split(separator: ".")[...], value, into: &root) }
        self.root = root
    }
}
