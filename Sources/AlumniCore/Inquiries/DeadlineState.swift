import Foundation

/// How one deadline stands at a given moment, for people reading a case.
public enum DeadlineState: Equatable, Sendable {
    case met(at: Date, onTime: Bool)
    case due(at: Date)
    case overdue(since: Date)
    /// Stopped while waiting on the requester.
    case paused
    /// No longer relevant (the inquiry was closed before it was met).
    case closed

    /// The state of a deadline due at `due`, met at `met` (if it was), at instant `now`.
    public static func of(due: Date, met: Date?, paused: Bool = false, closed: Bool = false, now: Date) -> DeadlineState
    {
        if let met { return .met(at: met, onTime: met < due) }
        if closed { return .closed }
        if paused { return .paused }
        return now < due ? .due(at: due) : .overdue(since: due)
    }

    /// "met", "met late", "due in 2d 4h", "overdue by 3d", "paused".
    public func describe(now: Date) -> String {
        switch self {
        case .met(_, let onTime): onTime ? "met" : "met late"
        case .due(let at): "due in \(Self.span(at.timeIntervalSince(now)))"
        case .overdue(let since): "overdue by \(Self.span(now.timeIntervalSince(since)))"
        case .paused: "paused (waiting on the requester)"
        case .closed: "closed"
        }
    }

    /// A duration as "2d 4h", "5h 10m" or "7m".
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return "\(hours)h \(rest)m" }
        return "\(rest)m"
    }
}
