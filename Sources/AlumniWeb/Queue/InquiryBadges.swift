import AlumniCore
import Foundation

/// The states the queue marks an open inquiry with, most urgent first.
enum InquiryBadge: String, CaseIterable {
    case overdue, dueToday, dueSoon, silent, waiting, extended

    /// The badges of `inquiry` at `now`: "due today" and "due soon" count the inquiry's next
    /// deadline in the organisation's business days.
    static func of(
        _ inquiry: Inquiry, now: Date, calendar: BusinessCalendar, dueSoonBusinessDays: Int
    ) -> [InquiryBadge] {
        var badges: [InquiryBadge] = []
        if let next = inquiry.deadlines.nextDue {
            let today = calendar.day(of: now)
            let dueDay = calendar.day(of: next.addingTimeInterval(-1))
            if next <= now {
                badges.append(.overdue)
            } else if dueDay == today {
                badges.append(.dueToday)
            } else if calendar.businessDays(after: today, through: dueDay) <= dueSoonBusinessDays {
                badges.append(.dueSoon)
            }
        }
        if inquiry.isSilent(now: now) { badges.append(.silent) }
        if inquiry.status == .waiting { badges.append(.waiting) }
        if inquiry.extensionReason != nil { badges.append(.extended) }
        return badges
    }

    /// Values for the `badge` partial.
    func values(_ catalog: Catalog) -> PageValue {
        ["kind": rawValue, "label": catalog("badge." + rawValue)]
    }
}
