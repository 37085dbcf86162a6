import Foundation

/// A thank-you to someone who left, scheduled when the departure is recorded and sent after
/// the organisation's delay, if the person can be written to by email then.
public struct FarewellPlan: Identifiable, Equatable, Sendable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case scheduled
        case sent
        /// Not emailed; `skipReason` says why. The departure stays silent until someone says
        /// goodbye another way and records it.
        case skipped
    }

    public var id: Int64
    public var personId: Int64
    public var left: CalendarDate
    public var dueAt: Date
    public var status: Status
    public var skipReason: String?
    public var outboxId: Int64?

    public init(
        id: Int64, personId: Int64, left: CalendarDate, dueAt: Date, status: Status, skipReason: String?,
        outboxId: Int64?
    ) {
        self.id = id
        self.personId = personId
        self.left = left
        self.dueAt = dueAt
        self.status = status
        self.skipReason = skipReason
        self.outboxId = outboxId
    }
}

/// The farewell of one person, for the mail layer to render.
public struct FarewellNotice: Sendable {
    public var planId: Int64
    public var person: Person
    /// Whole years with us, when known: "thank you for 12 years".
    public var years: Int?
    /// The person's link version, for the signed link to the feedback page.
    public var linkVersion: Int

    public init(planId: Int64, person: Person, years: Int?, linkVersion: Int = 0) {
        self.planId = planId
        self.person = person
        self.years = years
        self.linkVersion = linkVersion
    }

    /// Why this person cannot get the farewell by email, or nil when they can.
    ///
    /// Email is used unless the person asked to be reached another way, never said yes to
    /// anything on email while saying no to something there, or asked not to be contacted.
    public static func emailBarrier(person: Person, consents: [Consent]) -> String? {
        if person.erasedAt != nil { return "erased" }
        if person.doNotContact { return "do-not-contact" }
        if person.fields.email == nil { return "no email address" }
        if let channel = person.preferredChannel, channel != .email { return "prefers \(channel.rawValue)" }
        let onEmail = consents.filter { $0.channel == .email }
        if !onEmail.isEmpty, !onEmail.contains(where: \.granted) { return "declined email" }
        return nil
    }
}

/// Turns farewells into outbox messages; the store calls it inside the sending transaction.
public protocol FarewellRenderer: Sendable {
    func message(for notice: FarewellNotice) throws -> NewOutboxMessage
}
