import Foundation

/// The facts about an inquiry that its deadlines depend on. Each lifecycle step changes
/// them through one of the methods below; ``deadlines(policy:calendar:)`` turns them into
/// due times. Pure values: no clock, no database.
public struct InquiryTimeline: Equatable, Sendable, Codable {
    /// When the requester's first message arrived (may be before the inquiry was opened).
    public var receivedAt: Date
    /// The first answer to the requester; meets the first-response deadline.
    public var firstReplyAt: Date?
    /// Where the resolution clock starts: the first message, or the latest reopening.
    public var resolutionStartAt: Date
    /// Months granted by an extension (0 when not extended).
    public var extensionMonths: Int
    /// Business days the resolution clock stood still while waiting on the requester.
    public var pausedBusinessDays: Int
    /// Set while waiting on the requester.
    public var pausedSince: Date?
    /// The requester's latest message, while it has no reply.
    public var awaitingReplySince: Date?
    public var closedAt: Date?

    public init(receivedAt: Date) {
        self.receivedAt = receivedAt
        resolutionStartAt = receivedAt
        extensionMonths = 0
        pausedBusinessDays = 0
        awaitingReplySince = receivedAt
    }

    // MARK: - Lifecycle

    /// An answer to the requester.
    public mutating func reply(at instant: Date) {
        if firstReplyAt == nil { firstReplyAt = instant }
        awaitingReplySince = nil
    }

    /// We asked the requester for something: an answer that also stops the resolution clock.
    public mutating func wait(at instant: Date) {
        reply(at: instant)
        if pausedSince == nil { pausedSince = instant }
    }

    /// The requester wrote. A paused resolution clock starts again.
    public mutating func inbound(at instant: Date, calendar: BusinessCalendar) {
        resume(at: instant, calendar: calendar)
        awaitingReplySince = instant
    }

    /// The resolution deadline moves by `months`.
    public mutating func extend(byMonths months: Int) {
        extensionMonths += months
    }

    public mutating func close(at instant: Date, calendar: BusinessCalendar) {
        resume(at: instant, calendar: calendar)
        closedAt = instant
        awaitingReplySince = nil
    }

    /// A closed inquiry opens again with a fresh resolution clock from `instant`.
    public mutating func reopen(at instant: Date) {
        closedAt = nil
        resolutionStartAt = instant
        extensionMonths = 0
        pausedBusinessDays = 0
        pausedSince = nil
    }

    private mutating func resume(at instant: Date, calendar: BusinessCalendar) {
        guard let pausedSince else { return }
        pausedBusinessDays += calendar.businessDays(
            after: calendar.day(of: pausedSince), through: calendar.day(of: instant))
        self.pausedSince = nil
    }

    // MARK: - Deadlines

    /// The due times that follow from these facts. A deadline is the end of its last
    /// business day in the organisation's time zone.
    public func deadlines(policy: DeadlinePolicy, calendar: BusinessCalendar) -> InquiryDeadlines {
        let firstResponseDue = calendar.endOfDay(
            policy.firstResponse.end(from: calendar.day(of: receivedAt), in: calendar))
        var resolutionDay = policy.resolution.end(from: calendar.day(of: resolutionStartAt), in: calendar)
        if extensionMonths > 0 { resolutionDay = calendar.adding(months: extensionMonths, to: resolutionDay) }
        if pausedBusinessDays > 0 {
            resolutionDay = calendar.adding(businessDays: pausedBusinessDays, to: resolutionDay)
        }
        let resolutionDue = calendar.endOfDay(resolutionDay)
        guard closedAt == nil else {
            return InquiryDeadlines(
                firstResponseDue: firstResponseDue, resolutionDue: resolutionDue, silentAt: nil, nextDue: nil)
        }
        let silentAt = awaitingReplySince.map {
            calendar.endOfDay(calendar.adding(businessDays: policy.silenceLimitBusinessDays, to: calendar.day(of: $0)))
        }
        let pending = [firstReplyAt == nil ? firstResponseDue : nil, pausedSince == nil ? resolutionDue : nil]
        return InquiryDeadlines(
            firstResponseDue: firstResponseDue, resolutionDue: resolutionDue, silentAt: silentAt,
            nextDue: pending.compactMap { $0 }.min())
    }
}

/// When an inquiry's deadlines fall.
public struct InquiryDeadlines: Equatable, Sendable, Codable {
    public var firstResponseDue: Date
    /// The resolution deadline as it stands (while waiting, it moves on by every business day waited).
    public var resolutionDue: Date
    /// When the requester's unanswered message makes the case silent; nil when nothing is unanswered.
    public var silentAt: Date?
    /// The earliest deadline still running; nil for a closed inquiry. Overdue means this is past.
    public var nextDue: Date?

    public init(firstResponseDue: Date, resolutionDue: Date, silentAt: Date?, nextDue: Date?) {
        self.firstResponseDue = firstResponseDue
        self.resolutionDue = resolutionDue
        self.silentAt = silentAt
        self.nextDue = nextDue
    }
}
