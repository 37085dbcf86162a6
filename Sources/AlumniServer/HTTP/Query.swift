import AlumniCore
import Hummingbird

/// Typed query parameters with errors that name the parameter.
struct Query {
    let parameters: [String: String]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
    }

    /// A free-text parameter; empty means no filter. One with a NUL character, which no stored
    /// text holds, is a 422 (well formed, as for a body's text, but never a value to look for).
    func string(_ name: String) throws -> String? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard !text.contains("\0") else {
            throw Problem(
                .unprocessableContent, detail: "\(name): \(JSONBody.nulReason)",
                errors: [FieldError(field: name, reason: JSONBody.nulReason)])
        }
        return text
    }

    /// Search words: nil when absent, a 400 past ``SearchKey/maximumWords`` words.
    func search(_ name: String) throws -> String? {
        guard let text = try string(name) else { return nil }
        do {
            _ = try SearchKey.words(text)
        } catch {
            throw Self.invalid(name, error.errors.map(\.reason).joined(separator: "; "))
        }
        return text
    }

    /// A typed parameter's text: nil when absent, a 400 when present but empty.
    func raw(_ name: String) throws -> String? {
        guard let text = parameters[name] else { return nil }
        guard !text.isEmpty else { throw Self.invalid(name, "is empty") }
        return text
    }

    func int(_ name: String, default value: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = try raw(name) else { return value }
        guard let number = Int(text), range.map({ $0.contains(number) }) ?? true else {
            let expected = range.map { "an integer from \($0.lowerBound) to \($0.upperBound)" } ?? "an integer"
            throw Self.invalid(name, "'\(text)' is not \(expected)")
        }
        return number
    }

    func id(_ name: String) throws -> Int64? {
        guard let text = try raw(name) else { return nil }
        guard let id = Int64(text), id > 0 else { throw Self.invalid(name, "'\(text)' is not an id") }
        return id
    }

    func bool(_ name: String) throws -> Bool {
        guard let text = try raw(name) else { return false }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Self.invalid(name, "'\(text)' is not true or false")
        }
    }

    func date(_ name: String) throws -> CalendarDate? {
        guard let text = try raw(name) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw Self.invalid(name, "'\(text)' is not a date as YYYY-MM-DD")
        }
        return date
    }

    func value<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = try raw(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw Self.invalid(name, "'\(text)' is not one of \(T.allowedValues)")
        }
        return value
    }

    static func invalid(_ name: String, _ reason: String) -> Problem {
        Problem(.badRequest, detail: "\(name): \(reason)", errors: [FieldError(field: name, reason: reason)])
    }
}

extension Parameters {
    /// A positive integer path parameter, or a 404 (the resource cannot exist).
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = get(name), let id = Int64(text), id > 0 else {
            throw Problem(.notFound, detail: "no such resource")
        }
        return id
    }
}
