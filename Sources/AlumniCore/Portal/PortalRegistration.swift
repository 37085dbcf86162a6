import Foundation

/// A question from someone not in the directory: who they say they are and what they ask.
/// Nothing is created from it until they confirm their address.
public struct PortalRegistration: Sendable, Equatable {
    public var givenName: String
    public var familyName: String
    public var email: String
    /// Whether they worked for us or bought from us.
    public var kind: PersonKind
    /// Roughly when, in their words ("2004–2011, Malmö office").
    public var period: String?
    public var topic: PortalTopic
    public var question: String
    /// The language the page was in: the language we write to them in.
    public var language: Language?

    public init(
        givenName: String, familyName: String, email: String, kind: PersonKind, period: String?, topic: PortalTopic,
        question: String, language: Language?
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.kind = kind
        self.period = period
        self.topic = topic
        self.question = question
        self.language = language
    }

    /// The registration with its texts trimmed, checked: names, a valid address, a kind of
    /// former employee or customer, and the question are required. Each error names its field.
    public func validated() throws(ValidationFailure) -> PortalRegistration {
        var clean = self
        var errors: [FieldError] = []
        for (field, value, keyPath) in [
            ("given_name", givenName, \PortalRegistration.givenName),
            ("family_name", familyName, \PortalRegistration.familyName),
            ("question", question, \PortalRegistration.question),
        ] {
            if let text = value.trimmedNonEmpty {
                clean[keyPath: keyPath] = text
            } else {
                errors.append(FieldError(field: field, reason: "is required"))
            }
        }
        clean.email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        if !EmailAddress.isValid(clean.email) {
            errors.append(FieldError(field: "email", reason: "'\(clean.email)' is not a valid email address"))
        }
        if kind == .both { errors.append(FieldError(field: "kind", reason: "choose employee or customer")) }
        clean.period = period.trimmedNonEmpty
        if clean.question.count > 20_000 || (clean.period?.count ?? 0) > 200 {
            errors.append(FieldError(field: "question", reason: "is too long"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }

    /// The first message of the inquiry the registration opens: the question, and the period
    /// they named.
    public var firstMessage: String {
        period.map { "\(question)\n\n(\(kind == .employee ? "Worked here" : "Customer"): \($0))" } ?? question
    }
}
