import AlumniCore
import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, read by Hummingbird's
/// `URLEncodedFormDecoder`: each name once, and a list as `name[]` (ticked boxes). The desk's
/// forms and the self-service pages read their bodies here.
public struct FormFields: Sendable {
    private enum Value: Decodable, Sendable {
        case one(String)
        case many([String])

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .one(text)
            } else {
                self = .many(try [String](from: decoder))
            }
        }
    }

    private let values: [String: Value]

    /// The fields of `body`; a body that is not a form (a name given twice without `[]`, a broken
    /// percent escape) is a ``ValidationFailure`` naming the form. With `only`, fields of other
    /// names are left out before the body is read, whatever they hold: a page that ignores what
    /// browsers, proxies or mail clients add (RFC 8058's one-click POST) names its own fields.
    public init(_ body: String, only names: Set<String>? = nil) throws {
        let body = names.map { Self.fields(of: body, named: $0) } ?? body
        guard !body.isEmpty else {
            values = [:]
            return
        }
        do {
            values = try URLEncodedFormDecoder().decode([String: Value].self, from: body)
        } catch {
            throw ValidationFailure([FieldError(field: "form", reason: "is not a form this page sends (\(error))")])
        }
    }

    /// The value of `name`, nil when absent (or given as a list).
    public subscript(name: String) -> String? {
        if case .one(let text) = values[name] { text } else { nil }
    }

    /// Every value of the list `name` (sent as `name[]`); a single value counts as a list of one.
    public func all(_ name: String) -> [String] {
        switch values[name] {
        case .one(let text): [text]
        case .many(let texts): texts
        case nil: []
        }
    }

    /// The `name=value` pairs of `body` whose name (without a list's `[]`) is one of `names`.
    private static func fields(of body: String, named names: Set<String>) -> String {
        body.split(separator: "&").filter { pair in
            let name = pair.prefix { $0 != "=" }.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            return name.map { names.contains(String($0.prefix { $0 != "[" })) } ?? false
        }.joined(separator: "&")
    }

    /// The names the body holds.
    public var names: [String] { Array(values.keys) }
}
