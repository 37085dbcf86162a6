import Foundation

/// What retention does to a person who has been gone long enough.
public enum RetentionAction: String, Codable, Sendable, CaseIterable {
    /// Contact details, address, tags, notes, sentiment, old consent history and the words of
    /// closed inquiries go; name, reference, employment and pension stay (pension questions
    /// and certificates can still be answered).
    case minimise
    /// The full erasure of `people erase`.
    case erase
}

/// One retention rule: people of a kind are minimised or erased this many years after they
/// left or were last in touch, whichever is later.
public struct RetentionRule: Equatable, Sendable, Codable {
    /// The kind the rule is for; a person who was both follows the employee rules.
    public var kind: PersonKind
    public var action: RetentionAction
    public var years: Int

    public init(kind: PersonKind, action: RetentionAction, years: Int) {
        self.kind = kind
        self.action = action
        self.years = years
    }

    /// `customer.erase`, as audit entries and plans name the rule.
    public var name: String { "\(kind.rawValue).\(action.rawValue)" }
}

/// The organisation's retention rules. Each can be off (nil).
public struct RetentionRules: Equatable, Sendable, Codable {
    /// Former customers with no open case and no consent are erased three years after leaving.
    public var customerEraseYears: Int? = 3
    public var customerMinimiseYears: Int? = nil
    /// Former employees are minimised five years after leaving; they keep their pension facts.
    public var employeeMinimiseYears: Int? = 5
    /// Off: employees' pension questions come decades later. Never while a pension is recorded.
    public var employeeEraseYears: Int? = nil
    /// Days before an erasure for inactivity that the person is e-mailed, with a link to stay;
    /// nil (the default): no warning.
    public var warningDays: Int? = nil

    public init() {}

    /// The rules that are on, erasure first (a person due for both is erased).
    public var active: [RetentionRule] {
        [
            customerEraseYears.map { RetentionRule(kind: .customer, action: .erase, years: $0) },
            employeeEraseYears.map { RetentionRule(kind: .employee, action: .erase, years: $0) },
            customerMinimiseYears.map { RetentionRule(kind: .customer, action: .minimise, years: $0) },
            employeeMinimiseYears.map { RetentionRule(kind: .employee, action: .minimise, years: $0) },
        ].compactMap { $0 }
    }
}

/// Writes the e-mail that warns a person of their coming erasure, with a link to stay in
/// touch. The store calls it in the transaction that queues it. Nil means no message.
public protocol RetentionWarningRenderer: Sendable {
    func message(for person: Person, linkVersion: Int, erasureDay: CalendarDate, now: Date) throws -> NewOutboxMessage?
}
