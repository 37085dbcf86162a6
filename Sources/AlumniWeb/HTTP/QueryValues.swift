import Hummingbird

/// The filters of a page's address (`?q=…&page=2`): blank ones left out, bad ones refused with
/// the parameter named, so a filtered list can be bookmarked and shared.
struct QueryValues {
    /// The given values, trimmed.
    let values: [String: String]

    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (name, value) in parameters {
            let text = String(value).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, values[String(name)] == nil { values[String(name)] = text }
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    /// The value of `name` as `parse` reads it; nil when not given, a ``DeskError/badInput`` when unreadable.
    func parsed<T>(_ name: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = values[name] else { return nil }
        guard let parsed = parse(text) else { throw DeskError.badInput(field: name, reason: "'\(text)' is not valid") }
        return parsed
    }

    /// The page asked for, 1 when none.
    func page() throws -> Int {
        try parsed("page") { Int($0).flatMap { (1...100_000).contains($0) ? $0 : nil } } ?? 1
    }
}
