/// Whether someone was with us as an employee, a customer, or both.
public enum PersonKind: String, CaseIterable, Codable, Sendable {
    case employee
    case customer
    case both

    /// True for people whose employment periods and pensions we keep.
    public var wasEmployee: Bool { self != .customer }
}

/// How someone feels about us now, from the strongest supporter to the strongest critic.
public enum Sentiment: String, CaseIterable, Codable, Sendable {
    case ambassador
    case positive
    case neutral
    case negative
    case detractor
}

/// The languages we write to alumni in.
public enum Language: String, CaseIterable, Codable, Sendable {
    case da, nb, sv, fi, de, nl, en

    /// The language's own name, for people choosing it.
    public var nativeName: String {
        switch self {
        case .da: "Dansk"
        case .nb: "Norsk bokmål"
        case .sv: "Svenska"
        case .fi: "Suomi"
        case .de: "Deutsch"
        case .nl: "Nederlands"
        case .en: "English"
        }
    }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The accepted values, for error messages and help texts: "a, b or c".
    public static var allowedValues: String {
        let names = allCases.map(\.rawValue)
        guard names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
