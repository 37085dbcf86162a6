import AlumniCore
import Foundation
import Testing

@Suite struct InquiryConditionTests {
    private let calendar = BusinessCalendar(country: .DK)

    /// Local time in Copenhagen.
    private func at(_ text: String) -> Date { TimeParsing.instant(text, in: calendar)! }

    /// A general inquiry received at `received` in Copenhagen, its deadlines from the standard policy.
    private func inquiry(received: String, status: InquiryStatus = .open) -> Inquiry {
        let timeline = InquiryTimeline(receivedAt: at(received))
        return Inquiry(
            id: 1, personId: 1, type: .general, subject: "Question", channel: .email, status: status, owner: nil,
            timeline: timeline,
            deadlines: timeline.deadlines(policy: .standard(for: .general), calendar: calendar),
            extensionReason: nil, resolution: nil, createdAt: at(received), updatedAt: at(received))
    }

    @Test func aDeadlineIsOverdueOnceItPassesDueOnItsOwnDayAndSoonWithinTheBusinessDaysGiven() {
        // A deadline is the end of its day: Wednesday 26 November 2025, 24:00 in Copenhagen.
        let due = at("2025-11-27 00:00")
        func condition(_ now: String, soon: Int = 2) -> InquiryCondition? {
            InquiryCondition.deadline(due, at: at(now), calendar: calendar, dueSoonBusinessDays: soon)
        }
        #expect(condition("2025-11-27 00:00") == .overdue)
        #expect(condition("2025-11-26 23:59") == .dueToday)
        #expect(condition("2025-11-26 08:00") == .dueToday)
        #expect(condition("2025-11-25 08:00") == .dueSoon)
        #expect(condition("2025-11-24 08:00") == .dueSoon)
        #expect(condition("2025-11-24 08:00", soon: 1) == nil)
        // Friday: the weekend does not count, so Wednesday is three business days on.
        #expect(condition("2025-11-21 08:00") == nil)
        #expect(condition("2025-11-21 08:00", soon: 3) == .dueSoon)
    }

    @Test func anInquirysConditionsComeMostUrgentFirstAndAClosedOneHasNone() {
        var open = inquiry(received: "2025-11-03 10:00")
        let late = at("2025-12-10 10:00")
        #expect(open.conditions(at: late, calendar: calendar) == [.overdue, .silent])

        open.status = .waiting
        open.extensionReason = "records from Sweden"
        #expect(open.conditions(at: late, calendar: calendar).suffix(2) == [.waiting, .extended])

        let closed = inquiry(received: "2025-11-03 10:00", status: .closed)
        #expect(closed.conditions(at: late, calendar: calendar).isEmpty)
    }

    @Test func anExtensionStaysVisibleWhenItsReasonIsLeftOutOfAList() {
        var extended = inquiry(received: "2025-11-03 10:00")
        extended.timeline.extend(byMonths: 1)
        extended.extensionReason = "records from Sweden"
        let now = at("2025-11-04 10:00")
        #expect(extended.withoutText().conditions(at: now, calendar: calendar).contains(.extended))
    }
}
