import AlumniCore
import AlumniStore
import Foundation
import Testing

/// The report the desk draws and `alumni report --json` prints: every month of the period,
/// closings by the month they happened, what is open now per owner, keeping in touch per month.
@Suite struct ReportTests {
    private func open(
        _ test: TestDatabase, _ person: Person, _ type: InquiryType, received: String, owner: String? = nil
    ) throws -> Inquiry {
        try test.database.openInquiry(
            NewInquiry(
                personId: person.id, type: type, subject: "Question", body: "Hello",
                receivedAt: TimeParsing.instant(received, in: BusinessCalendar(country: .DK)), owner: owner),
            actor: "hr")
    }

    @Test func everyMonthOfThePeriodIsThereAndClosingsCountInTheMonthTheyHappened() throws {
        let test = try TestDatabase()
        let person = try test.add("Aino", "Virtanen")
        test.clock.set("2025-11-10 09:00")
        let september = try open(test, person, .general, received: "2025-09-15 09:00")
        _ = try open(test, person, .general, received: "2025-09-16 09:00")
        _ = try test.database.close(inquiry: september.id, resolution: "done", actor: "hr")

        let report = try test.database.report(months: 3, as: "test")
        #expect(report.from == CalendarDate(iso: "2025-09-01") && report.to == CalendarDate(iso: "2025-11-10"))
        let months = report.inquiries.months
        #expect(months.map(\.month) == ["2025-09", "2025-10", "2025-11"])
        #expect(months.map(\.opened) == [2, 0, 0])
        #expect(months.map(\.closedInMonth) == [0, 0, 1])
        // By month of arrival, one of September's two is closed by now.
        #expect(months[0].closed == 1)
        #expect(months.allSatisfy { $0.type == nil })
        #expect(report.relationsByMonth.map(\.month) == ["2025-09", "2025-10", "2025-11"])
        #expect(report.retention.map(\.month) == ["2025-09", "2025-10", "2025-11"])
        // Twelve months back from November is December of the year before.
        #expect(try test.database.report(months: 12, as: "test").inquiries.months.first?.month == "2024-12")
    }

    @Test func overdueAndSilentNowAreCountedPerTypeAndOwner() throws {
        let test = try TestDatabase()
        let person = try test.add("Aino", "Virtanen")
        test.clock.set("2025-09-01 09:00")
        _ = try open(test, person, .pension, received: "2025-09-01 09:00", owner: "anna")
        _ = try open(test, person, .pension, received: "2025-09-01 09:00", owner: "anna")
        _ = try open(test, person, .general, received: "2025-09-01 09:00")
        test.clock.set("2025-11-10 09:00")

        let report = try test.database.report(months: 3, as: "test")
        let anna = try #require(report.inquiries.openNow.first { $0.owner == "anna" })
        #expect(anna.type == .pension && anna.overdue == 2)
        let unassigned = try #require(report.inquiries.openNow.first { $0.owner == nil })
        #expect(unassigned.type == .general && unassigned.overdue == 1)
        #expect(report.inquiries.overdueNow == ["pension": 2, "general": 1])

        let general = try test.database.report(months: 3, types: [.general], as: "test")
        #expect(general.inquiries.openNow.map(\.type) == [.general])
        #expect(general.inquiries.months.map(\.opened) == [1, 0, 0])
    }

    @Test func farewellsCheckInsAndReturnsAreCountedInTheirMonth() throws {
        let test = try TestDatabase()
        let person = try test.add("Lars", "Sjöberg")
        test.clock.set("2026-05-04 09:00")
        _ = try test.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2026-04-30")!, reason: nil, actor: "hr")
        try test.database.recordFarewell(personId: person.id, note: "A card", actor: "coordinator")
        test.clock.set("2026-11-02 09:00")
        let checkIn = try #require(try test.database.dueFollowups(.all, limit: 1, as: "test").items.first)
        _ = try test.database.completeFollowup(id: checkIn.id, outcome: .returned, note: nil, actor: "coordinator")

        let months = try test.database.report(months: 7, as: "test").relationsByMonth
        #expect(months.map(\.month).first == "2026-05" && months.count == 7)
        #expect(months.map(\.farewellsRecorded) == [1, 0, 0, 0, 0, 0, 0])
        #expect(months.map(\.checkInsDone) == [0, 0, 0, 0, 0, 0, 1])
        #expect(months.map(\.boomerangs) == [0, 0, 0, 0, 0, 0, 1])
    }

    @Test func aPeriodOutsideOneToHundredTwentyMonthsIsRefusedNamingMonths() throws {
        let test = try TestDatabase()
        for months in [0, 121] {
            let error = #expect(throws: ValidationFailure.self) { try test.database.report(months: months, as: "test") }
            #expect(error?.errors.map(\.field) == ["months"])
        }
        #expect(throws: ValidationFailure.self) {
            try test.database.report(
                from: CalendarDate(iso: "2026-02-01")!, to: CalendarDate(iso: "2026-01-01")!, as: "test")
        }
    }
}
