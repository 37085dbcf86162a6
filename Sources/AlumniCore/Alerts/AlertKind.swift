import Foundation

/// What an alert warns about.
public enum AlertKind: String, CaseIterable, Codable, Sendable {
    /// The first answer is due within the lead time.
    case firstResponseDueSoon = "first-response-due-soon"
    /// Closing is due within the lead time.
    case resolutionDueSoon = "resolution-due-soon"
    case firstResponseOverdue = "first-response-overdue"
    case resolutionOverdue = "resolution-overdue"
    /// The requester's latest message waits beyond the silence limit.
    case silent
    /// Overdue for longer than the escalation limit: the escalation address hears of it too.
    case escalation
    /// A person left without a farewell (to the alumni coordinators).
    case silentDeparture = "silent-departure"
    /// Mail came in that the desk could not file: someone must read it.
    case unmatchedMail = "unmatched-mail"
    /// A person's address bounced while they were owed news: find another way to reach them.
    case unreachable

    /// A line for people: "first response overdue".
    public var phrase: String {
        switch self {
        case .firstResponseDueSoon: "first response due soon"
        case .resolutionDueSoon: "resolution due soon"
        case .firstResponseOverdue: "first response overdue"
        case .resolutionOverdue: "resolution overdue"
        case .silent: "silent: the requester is waiting for a reply"
        case .escalation: "overdue for too long: escalated"
        case .silentDeparture: "departure without a farewell"
        case .unmatchedMail: "mail the desk could not file"
        case .unreachable: "their e-mail address bounced; reach them another way"
        }
    }
}

/// An alert an inquiry calls for now: its kind and the deadline it is about. The pair, with
/// the case, is the alert's identity: it is raised once, and again only when the deadline moves.
public struct DueAlert: Hashable, Sendable {
    public var kind: AlertKind
    public var deadline: Date

    public init(kind: AlertKind, deadline: Date) {
        self.kind = kind
        self.deadline = deadline
    }
}

/// When alerts are raised and who else hears of them.
public struct AlertPolicy: Equatable, Sendable {
    /// Business days before a deadline that "due soon" is raised.
    public var leadBusinessDays = 1
    /// Business days overdue after which the escalation address is told.
    public var escalateAfterBusinessDays = 2
    /// Local hours alerts go out in, nil for always ("08:00-17:00" by default).
    public var hours: ClosedRange<Int>? = 8 * 60...17 * 60

    public init() {}

    /// Parses `08:00-17:00` or `always`.
    public static func parseHours(_ text: String) -> ClosedRange<Int>?? {
        if text.lowercased() == "always" { return .some(nil) }
        let parts = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard parts.count == 2,
            parts.allSatisfy({ $0.count == 2 && (0...23).contains($0[0]) && (0...59).contains($0[1]) })
        else { return nil }
        let start = parts[0][0] * 60 + parts[0][1], end = parts[1][0] * 60 + parts[1][1]
        guard start < end else { return nil }
        return .some(start...end)
    }

    /// True when alerts may go out at `now`: a business day, within the hours.
    public func isOpen(at now: Date, calendar: BusinessCalendar) -> Bool {
        guard let hours else { return true }
        let day = calendar.day(of: now)
        guard calendar.isBusinessDay(day) else { return false }
        let minutes = Int(now.timeIntervalSince(calendar.startOfDay(day)) / 60)
        return hours.contains(minutes)
    }

    /// The alerts `inquiry` calls for at `now`.
    public func alerts(for inquiry: Inquiry, now: Date, calendar: BusinessCalendar) -> [DueAlert] {
        guard inquiry.status != .closed else { return [] }
        var alerts: [DueAlert] = []
        // The queue's own rule for a deadline, with the lead time as "soon".
        func check(_ due: Date, soonKind: AlertKind, overdueKind: AlertKind) {
            switch InquiryCondition.deadline(due, at: now, calendar: calendar, dueSoonBusinessDays: leadBusinessDays) {
            case .overdue:
                alerts.append(DueAlert(kind: overdueKind, deadline: due))
                // Business days since the deadline's own last day (a deadline is the end of that day).
                let deadlineDay = calendar.day(of: due.addingTimeInterval(-1))
                let overdueDays = calendar.businessDays(after: deadlineDay, through: calendar.day(of: now))
                if overdueDays >= escalateAfterBusinessDays {
                    alerts.append(DueAlert(kind: .escalation, deadline: due))
                }
            case .dueToday, .dueSoon:
                alerts.append(DueAlert(kind: soonKind, deadline: due))
            default:
                break
            }
        }
        if inquiry.timeline.firstReplyAt == nil {
            check(
                inquiry.deadlines.firstResponseDue, soonKind: .firstResponseDueSoon, overdueKind: .firstResponseOverdue)
        }
        if inquiry.status == .open {
            check(inquiry.deadlines.resolutionDue, soonKind: .resolutionDueSoon, overdueKind: .resolutionOverdue)
        }
        if inquiry.isSilent(now: now), let silentAt = inquiry.deadlines.silentAt {
            alerts.append(DueAlert(kind: .silent, deadline: silentAt))
        }
        return alerts
    }
}
