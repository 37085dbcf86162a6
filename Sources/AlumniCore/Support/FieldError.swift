/// One reason why a value was refused, naming the field it belongs to.
public struct FieldError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The field, argument or CSV column, as the user knows it (`email`, `left`).
    public let field: String
    /// Why the value was refused, in words a user can act on.
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Input that broke one or more rules; nothing was stored.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

extension String {
    /// The text without surrounding white space, or a refusal naming `field` when nothing is left.
    public func required(_ field: String) throws(ValidationFailure) -> String {
        guard let text = trimmedNonEmpty else {
            throw ValidationFailure([FieldError(field: field, reason: "is required")])
        }
        return text
    }
}
