import Foundation
import Testing

@Suite("Desk: the catalogs")
struct DeskCatalogTests {
    private static let desk = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Resources/desk").standardized

    private func strings(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: Self.desk.appendingPathComponent("strings/\(language).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test("Swedish translates every English string")
    func complete() throws {
        let english = try strings("en")
        let swedish = try strings("sv")
        #expect(Set(english.keys) == Set(swedish.keys))
        #expect(!swedish.values.contains(""))
    }

    @Test("Every {{t.…}} a template uses is in the catalog")
    func templatesUseKnownStrings() throws {
        let english = try strings("en")
        var used: Set<String> = []
        for folder in ["pages", "partials"] {
            let url = Self.desk.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: /\{\{t\.([A-Za-z0-9_.\-]+)\}\}/) { used.insert(String(match.1)) }
            }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(english.keys).isEmpty, "missing: \(used.subtracting(english.keys).sorted())")
    }
}
