import Foundation

/// How an open inquiry stands at a moment: the marks the desk shows, the API lists and the
/// command line prints, all from ``Inquiry/conditions(at:calendar:dueSoonBusinessDays:)``.
public enum InquiryCondition: String, CaseIterable, Codable, Sendable {
    /// A running deadline has passed.
    case overdue
    /// The next deadline falls on today's date in the organisation's calendar.
    case dueToday = "due-today"
    /// The next deadline falls within the "due soon" number of business days.
    case dueSoon = "due-soon"
    /// The requester's latest message has waited longer than the silence limit.
    case silent
    /// We asked the requester something; the resolution clock is stopped.
    case waiting
    /// The resolution deadline was extended, with a reason.
    case extended

    /// Business days ahead that a deadline counts as due soon, unless the organisation says otherwise.
    public static let defaultDueSoonBusinessDays = 3

    /// How deadline `due` stands at `now`: overdue once passed, due today on its own date, due soon
    /// when at most `dueSoonBusinessDays` business days lie between today and its date; else nil.
    /// A deadline is the end of its day, so one at midnight belongs to the day before.
    public static func deadline(
        _ due: Date, at now: Date, calendar: BusinessCalendar, dueSoonBusinessDays: Int
    ) -> InquiryCondition? {
        if due <= now { return .overdue }
        let today = calendar.day(of: now)
        let dueDay = calendar.day(of: due.addingTimeInterval(-1))
        if dueDay == today { return .dueToday }
        return calendar.businessDays(after: today, through: dueDay) <= dueSoonBusinessDays ? .dueSoon : nil
    }
}

extension Inquiry {
    /// The conditions of this inquiry at `now`, most urgent first: its next deadline's
    /// (``InquiryCondition/deadline(_:at:calendar:dueSoonBusinessDays:)``), then silent, waiting
    /// and extended. A closed inquiry has none.
    public func conditions(
        at now: Date, calendar: BusinessCalendar,
        dueSoonBusinessDays: Int = InquiryCondition.defaultDueSoonBusinessDays
    ) -> [InquiryCondition] {
        guard status != .closed else { return [] }
        var conditions: [InquiryCondition] = []
        if let next = deadlines.nextDue,
            let condition = InquiryCondition.deadline(
                next, at: now, calendar: calendar, dueSoonBusinessDays: dueSoonBusinessDays)
        {
            conditions.append(condition)
        }
        if isSilent(now: now) { conditions.append(.silent) }
        if status == .waiting { conditions.append(.waiting) }
        if extensionReason != nil || timeline.extensionMonths > 0 { conditions.append(.extended) }
        return conditions
    }
}

/// The moment and the rules that say how inquiries stand: what every front end asks for an
/// inquiry's conditions, so the desk's badges, the API's fields and the command line's list agree.
public struct InquiryStanding: Sendable {
    public let now: Date
    public let calendar: BusinessCalendar
    public let dueSoonBusinessDays: Int

    public init(now: Date, calendar: BusinessCalendar, dueSoonBusinessDays: Int) {
        self.now = now
        self.calendar = calendar
        self.dueSoonBusinessDays = dueSoonBusinessDays
    }

    /// The conditions of `inquiry` now.
    public func conditions(of inquiry: Inquiry) -> [InquiryCondition] {
        inquiry.conditions(at: now, calendar: calendar, dueSoonBusinessDays: dueSoonBusinessDays)
    }
}

/// An inquiry with its conditions when it was read, as the API and `alumni inquiries list
/// --json` write it: the inquiry's own fields and `conditions` beside them.
public struct ConditionedInquiry: Encodable, Sendable {
    public var inquiry: Inquiry
    public var conditions: [InquiryCondition]

    public init(_ inquiry: Inquiry, _ standing: InquiryStanding) {
        self.inquiry = inquiry
        self.conditions = standing.conditions(of: inquiry)
    }

    private enum CodingKeys: String, CodingKey { case conditions }

    public func encode(to encoder: any Encoder) throws {
        try inquiry.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conditions, forKey: .conditions)
    }
}
