import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// A submitted desk or portal form (`application/x-www-form-urlencoded`), checked against the
/// session's CSRF token before anything reads it.
struct DeskForm: Sendable {
    let fields: FormFields

    /// The form of `request`, if its `csrf` field is `session`'s token; else ``DeskError/badFormToken``.
    static func checked(
        _ request: Request, _ context: some DeskRequestContext, session: DeskSession
    ) async throws -> DeskForm {
        try await checked(request, context, token: session.csrfToken)
    }

    /// The form of `request`, if its `csrf` field is `token`; else ``DeskError/badFormToken``.
    static func checked(_ request: Request, _ context: some RequestContext, token: String?) async throws -> DeskForm {
        let form = try await read(request, context)
        guard let token, let sent = form["csrf"], FormToken.equal(sent, token) else { throw DeskError.badFormToken }
        return form
    }

    /// The form of `request`, unchecked: only for signing in, before there is a session.
    static func read(_ request: Request, _ context: some RequestContext) async throws -> DeskForm {
        try parse(try await request.body.collect(upTo: context.maxUploadSize))
    }

    /// The form a url-encoded `body` holds; one that is not a form is a ``DeskError/badInput``.
    static func parse(_ body: ByteBuffer) throws -> DeskForm {
        do {
            return DeskForm(fields: try FormFields(String(buffer: body)))
        } catch let failure as ValidationFailure {
            throw DeskError.badInput(field: "form", reason: failure.errors.first?.reason ?? "")
        }
    }

    /// The value of `name`, nil when absent.
    subscript(name: String) -> String? { fields[name] }

    /// Every single value by name, to show a form again as it was sent.
    var values: [String: String] {
        Dictionary(uniqueKeysWithValues: fields.names.compactMap { name in fields[name].map { (name, $0) } })
    }

    /// Every value of the list `name` (ticked boxes, sent as `name[]`).
    func all(_ name: String) -> [String] { fields.all(name) }

    /// The value of `name`, or a ``DeskError/badInput`` naming it.
    func required(_ name: String) throws -> String {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw DeskError.badInput(field: name, reason: "is required")
        }
        return value
    }

    /// The value of `name` as one of `T`'s cases: nil when left empty, a ``DeskError/badInput``
    /// naming the field when it is none of them.
    func choice<T: RawRepresentable<String>>(_ name: String, _ type: T.Type = T.self) throws -> T? {
        guard let raw = self[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let value = T(rawValue: raw) else { throw DeskError.badInput(field: name, reason: "'\(raw)' is unknown") }
        return value
    }

    /// The value of `name` as one of `T`'s cases, which must be given.
    func requiredChoice<T: RawRepresentable<String>>(_ name: String, _ type: T.Type = T.self) throws -> T {
        guard let value = try choice(name, type) else { throw DeskError.badInput(field: name, reason: "is required") }
        return value
    }

    /// The whole number in `name`, or a ``DeskError/badInput`` naming it.
    func number(_ name: String) throws -> Int64 {
        guard let number = Int64(try required(name)) else {
            throw DeskError.badInput(field: name, reason: "must be a whole number")
        }
        return number
    }
}

/// Comparing secrets without an early exit, so timing tells nothing about how much matched.
enum FormToken {
    static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
