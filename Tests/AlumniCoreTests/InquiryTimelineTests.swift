import AlumniCore
import Foundation
import Testing

@Suite struct InquiryTimelineTests {
    private let calendar = BusinessCalendar(country: .DK)
    private let pension = DeadlinePolicy.standard(for: .pension)

    /// Local time in Copenhagen.
    private func at(_ text: String) -> Date { TimeParsing.instant(text, in: calendar)! }

    /// The day a deadline falls on (the end of that day).
    private func day(of deadline: Date?) -> String? {
        deadline.map { calendar.day(of: $0.addingTimeInterval(-1)).description }
    }

    @Test func deadlinesCountBusinessDaysAndCalendarMonths() {
        // Friday 21 November 2025: first response in 3 business days, resolution in 1 month.
        let timeline = InquiryTimeline(receivedAt: at("2025-11-21 10:00"))
        let deadlines = timeline.deadlines(policy: pension, calendar: calendar)
        #expect(day(of: deadlines.firstResponseDue) == "2025-11-26")
        // 21 December 2025 is a Sunday: the month ends on Monday the 22nd.
        #expect(day(of: deadlines.resolutionDue) == "2025-12-22")
        #expect(deadlines.nextDue == deadlines.firstResponseDue)
        // A deadline is the end of the day in Copenhagen: 23:00 UTC in winter.
        #expect(deadlines.firstResponseDue == ISO8601DateFormatter().date(from: "2025-11-26T23:00:00Z"))
    }

    @Test func aReplyMeetsTheFirstResponseAndEndsTheSilence() {
        var timeline = InquiryTimeline(receivedAt: at("2025-11-21 10:00"))
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).silentAt) == "2025-11-26")
        timeline.reply(at: at("2025-11-24 09:00"))
        let deadlines = timeline.deadlines(policy: pension, calendar: calendar)
        #expect(deadlines.silentAt == nil)
        #expect(day(of: deadlines.nextDue) == "2025-12-22")
    }

    @Test func silenceCountsFromTheRequestersLatestMessage() {
        var timeline = InquiryTimeline(receivedAt: at("2025-11-03 10:00"))
        timeline.reply(at: at("2025-11-04 10:00"))
        timeline.inbound(at: at("2025-11-05 16:00"), calendar: calendar)
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).silentAt) == "2025-11-10")
        timeline.inbound(at: at("2025-11-07 08:00"), calendar: calendar)
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).silentAt) == "2025-11-12")
    }

    @Test func waitingStopsTheResolutionClockUntilTheRequesterWrites() {
        var timeline = InquiryTimeline(receivedAt: at("2025-11-21 10:00"))
        timeline.wait(at: at("2025-11-24 09:00"))
        let waiting = timeline.deadlines(policy: pension, calendar: calendar)
        #expect(waiting.nextDue == nil, "nothing runs while we wait and the first answer was given")
        #expect(waiting.silentAt == nil)
        // They answer a week later: five business days were spent waiting on them.
        timeline.inbound(at: at("2025-12-01 11:00"), calendar: calendar)
        #expect(timeline.pausedBusinessDays == 5)
        // 22 December + 5 business days, skipping Christmas and the weekend: 31 December.
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).resolutionDue) == "2025-12-31")
    }

    @Test func anExtensionMovesTheResolutionByCalendarMonths() {
        var timeline = InquiryTimeline(receivedAt: at("2025-11-21 10:00"))
        timeline.extend(byMonths: 2)
        // 22 December 2025 + 2 months = 22 February 2026, a Sunday: Monday the 23rd.
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).resolutionDue) == "2026-02-23")
    }

    @Test func aBackdatedLetterCanBeOverdueTheDayItIsOpened() {
        let timeline = InquiryTimeline(receivedAt: at("2025-11-10"))
        let deadlines = timeline.deadlines(policy: DeadlinePolicy.standard(for: .exit), calendar: calendar)
        #expect(day(of: deadlines.firstResponseDue) == "2025-11-11")
        #expect(deadlines.nextDue! < at("2025-11-20 09:00"))
    }

    @Test func closingEndsEveryClockAndReopeningStartsAFreshOne() {
        var timeline = InquiryTimeline(receivedAt: at("2025-11-21 10:00"))
        timeline.reply(at: at("2025-11-21 11:00"))
        timeline.close(at: at("2025-11-28 12:00"), calendar: calendar)
        let closed = timeline.deadlines(policy: pension, calendar: calendar)
        #expect(closed.nextDue == nil && closed.silentAt == nil)
        timeline.reopen(at: at("2026-01-05 09:00"))
        #expect(day(of: timeline.deadlines(policy: pension, calendar: calendar).nextDue) == "2026-02-05")
    }

    @Test func businessDayDeadlinesEndAtLocalMidnightAcrossTheSummerTimeChange() {
        // Friday 24 October 2025; Copenhagen leaves summer time on Sunday the 26th.
        let timeline = InquiryTimeline(receivedAt: at("2025-10-24 15:00"))
        let due = timeline.deadlines(policy: DeadlinePolicy.standard(for: .exit), calendar: calendar).firstResponseDue
        #expect(due == ISO8601DateFormatter().date(from: "2025-10-27T23:00:00Z"))
    }

    @Test func deadlineStatesReadLikeACaseworkerWouldSayThem() {
        let now = at("2025-11-26 12:00")
        #expect(DeadlineState.of(due: at("2025-11-27"), met: nil, now: now).describe(now: now) == "due in 12h 0m")
        #expect(DeadlineState.of(due: at("2025-11-24"), met: nil, now: now).describe(now: now) == "overdue by 2d 12h")
        #expect(
            DeadlineState.of(due: at("2025-11-24"), met: at("2025-11-25"), now: now).describe(now: now) == "met late")
    }
}

@Suite struct InquiryRulesTests {
    private func inquiry(_ type: InquiryType) -> Inquiry {
        let timeline = InquiryTimeline(receivedAt: Date(timeIntervalSince1970: 1_760_000_000))
        return Inquiry(
            id: 7, personId: 1, type: type, subject: "s", channel: .email, status: .open, owner: nil,
            timeline: timeline,
            deadlines: timeline.deadlines(policy: .standard(for: type), calendar: BusinessCalendar(country: .DK)),
            extensionReason: nil, resolution: nil, createdAt: .now, updatedAt: .now)
    }

    @Test func anExtensionNeedsAnExtendableTypeAReasonAndStaysWithinTheLimit() throws {
        let pension = inquiry(.pension)
        let policy = DeadlinePolicy.standard(for: .pension)
        try pension.checkExtension(months: 2, reason: "records abroad", policy: policy)
        #expect(throws: InquiryRuleError.extensionTooLong(maxMonths: 2)) {
            try pension.checkExtension(months: 3, reason: "r", policy: policy)
        }
        #expect(throws: InquiryRuleError.reasonRequired) {
            try pension.checkExtension(months: 1, reason: " ", policy: policy)
        }
        #expect(throws: InquiryRuleError.extensionNotAllowed(.exit)) {
            try inquiry(.exit).checkExtension(months: 1, reason: "r", policy: .standard(for: .exit))
        }
        var extended = pension
        extended.timeline.extend(byMonths: 1)
        #expect(throws: InquiryRuleError.alreadyExtended(7)) {
            try extended.checkExtension(months: 1, reason: "r", policy: policy)
        }
    }
}
