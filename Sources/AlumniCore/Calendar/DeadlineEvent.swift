import Foundation

/// One open deadline of an inquiry, as a staff member's calendar shows it: its number, type
/// and due time, never the case's words or who asked (calendars are synced to phones and to
/// other companies' servers).
public struct DeadlineEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The first answer is due.
        case firstResponse = "first-response"
        /// The case must be resolved.
        case resolution
    }

    public var inquiryId: Int64
    public var type: InquiryType
    public var kind: Kind
    public var due: Date
    /// How often the inquiry's deadlines moved: an event's revision (iCalendar's SEQUENCE).
    public var sequence: Int
    /// When they last moved, else when the inquiry was opened (iCalendar's DTSTAMP).
    public var stamp: Date

    public init(inquiryId: Int64, type: InquiryType, kind: Kind, due: Date, sequence: Int, stamp: Date) {
        self.inquiryId = inquiryId
        self.type = type
        self.kind = kind
        self.due = due
        self.sequence = sequence
        self.stamp = stamp
    }
}

/// Turning a staff member's deadline calendar on, off, or to a new address.
public enum CalendarFeedChange: String, Sendable, CaseIterable, Codable {
    case on, off, renew
}

/// Whether a staff member's deadline calendar is on, and whether it has the team's unassigned cases.
public struct CalendarFeedState: Sendable, Equatable, Codable {
    public var on: Bool
    public var team: Bool

    public init(on: Bool, team: Bool) {
        self.on = on
        self.team = team
    }

    /// The feed's secret address: `https://desk.example.com/calendar/TOKEN.ics`.
    public static func address(publicURL: String, token: String) -> String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/calendar/\(token).ics"
    }
}
