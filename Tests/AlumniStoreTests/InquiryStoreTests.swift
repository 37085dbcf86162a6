import AlumniCore
import AlumniStore
import Foundation
import Testing

@Suite struct InquiryStoreTests {
    private func open(
        _ test: TestDatabase, _ person: Person, _ type: InquiryType = .pension, received: String? = nil,
        owner: String? = nil
    ) throws -> Inquiry {
        let receivedAt = received.map { TimeParsing.instant($0, in: BusinessCalendar(country: .DK))! }
        return try test.database.openInquiry(
            NewInquiry(
                personId: person.id, type: type, subject: "Question", body: "Hello", receivedAt: receivedAt,
                owner: owner),
            actor: "hr")
    }

    private func ids(_ test: TestDatabase, _ configure: (inout InquiryQuery) -> Void) throws -> [Int64] {
        var query = InquiryQuery()
        configure(&query)
        return try test.database.inquiries(matching: query, as: "test").items.map(\.id)
    }

    @Test func theOverdueListFollowsTheClock() throws {
        let test = try TestDatabase()
        let person = try test.add("Åse", "Ødegård")
        test.clock.set("2025-11-21 10:00")
        let exit = try open(test, person, .exit)
        let pension = try open(test, person, .pension)
        #expect(try ids(test) { $0.overdue = true } == [])
        // Exit's first answer is due at the end of Monday, pension's at the end of Wednesday.
        #expect(try ids(test) { $0.dueWithin = 4 * 86_400 } == [exit.id])
        #expect(try ids(test) { $0.dueWithin = 6 * 86_400 } == [exit.id, pension.id])

        test.clock.set("2025-11-25 09:00")  // exit's first response was due Monday the 24th
        #expect(try ids(test) { $0.overdue = true } == [exit.id])
        test.clock.set("2025-11-27 09:00")
        #expect(try ids(test) { $0.overdue = true } == [exit.id, pension.id])
        #expect(try ids(test) { $0.silent = true } == [exit.id, pension.id])

        _ = try test.database.reply(toInquiry: pension.id, body: "We are looking into it", actor: "hr")
        #expect(try ids(test) { $0.overdue = true } == [exit.id])
        #expect(try ids(test) { $0.silent = true } == [exit.id])
    }

    @Test func theThreadKeepsEveryStepInOrderAndTheAuditNamesTheActor() throws {
        let test = try TestDatabase()
        let person = try test.add("Björn", "Nyström")
        test.clock.set("2025-11-21 10:00")
        let inquiry = try open(test, person, .dataAccess, received: "2025-11-19 08:00")
        test.clock.set("2025-11-21 11:00")
        _ = try test.database.addNote(toInquiry: inquiry.id, body: "Check the archive", actor: "anna")
        _ = try test.database.askRequester(inquiry: inquiry.id, body: "Which years?", actor: "anna")
        test.clock.set("2025-11-24 09:00")
        _ = try test.database.recordInbound(toInquiry: inquiry.id, body: "2004 to 2012", actor: "anna")
        _ = try test.database.assign(inquiry: inquiry.id, to: "bo", actor: "anna")
        _ = try test.database.close(inquiry: inquiry.id, resolution: "Sent the records", actor: "bo")
        let thread = try test.database.thread(ofInquiry: inquiry.id, as: "test")
        #expect(thread.map(\.kind) == [.inbound, .note, .wait, .inbound, .assignment, .closed])
        #expect(thread.map(\.author) == ["person #\(person.id)", "anna", "anna", "person #\(person.id)", "anna", "bo"])
        let audit = try test.database.auditEvents(personId: person.id, as: "test").items.map(\.action)
        #expect(audit.contains("inquiry.closed") && audit.contains("inquiry.opened"))
    }

    @Test func aClosedInquiryTakesNoMessagesUntilReopened() throws {
        let test = try TestDatabase()
        let person = try test.add("Mette", "Kjær")
        let inquiry = try open(test, person, .general)
        _ = try test.database.close(inquiry: inquiry.id, resolution: "Answered by phone", actor: "hr")
        #expect(throws: InquiryRuleError.closed(inquiry.id)) {
            _ = try test.database.reply(toInquiry: inquiry.id, body: "More", actor: "hr")
        }
        let stillOpen = try open(test, person, .general)
        #expect(throws: InquiryRuleError.notClosed(stillOpen.id)) {
            _ = try test.database.reopen(inquiry: stillOpen.id, actor: "hr")
        }
        let reopened = try test.database.reopen(inquiry: inquiry.id, actor: "hr")
        #expect(reopened.status == .open && reopened.deadlines.nextDue != nil)
    }

    @Test func extensionsAreOnceAndWithinThePolicy() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        let inquiry = try open(test, person, .pension)
        let extended = try test.database.extend(inquiry: inquiry.id, byMonths: 2, reason: "Records abroad", actor: "hr")
        #expect(extended.deadlines.resolutionDue > inquiry.deadlines.resolutionDue.addingTimeInterval(55 * 86_400))
        #expect(throws: InquiryRuleError.alreadyExtended(inquiry.id)) {
            _ = try test.database.extend(inquiry: inquiry.id, byMonths: 1, reason: "More", actor: "hr")
        }
        let stored = try test.database.inquiry(id: inquiry.id, as: "test")
        #expect(stored.extensionReason == "Records abroad")
    }

    @Test func reassigningMovesEveryOpenCaseButNotClosedOnes() throws {
        let test = try TestDatabase()
        let person = try test.add("Kari", "Berg")
        let first = try open(test, person, owner: "leaving")
        let second = try open(test, person, .exit, owner: "leaving")
        let closed = try open(test, person, .general, owner: "leaving")
        _ = try test.database.close(inquiry: closed.id, resolution: "done", actor: "hr")
        #expect(try test.database.reassignInquiries(from: "leaving", to: "staying", actor: "admin") == 2)
        #expect(try ids(test) { $0.owner = "staying" }.sorted() == [first.id, second.id])
        #expect(try test.database.inquiry(id: closed.id, as: "test").owner == "leaving")
        #expect(try ids(test) { $0.owner = "leaving" } == [])
    }

    @Test func badInputIsRefusedAndNothingIsStored() throws {
        let test = try TestDatabase()
        let person = try test.add("Kari", "Berg")
        #expect(throws: ValidationFailure.self) {
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: .general, subject: "  "), actor: "hr")
        }
        #expect(throws: ValidationFailure.self) {
            _ = try test.database.openInquiry(
                NewInquiry(
                    personId: person.id, type: .general, subject: "s",
                    receivedAt: TestDatabase.now.addingTimeInterval(3600)),
                actor: "hr")
        }
        #expect(throws: StoreError.self) {
            _ = try test.database.openInquiry(NewInquiry(personId: 999, type: .general, subject: "s"), actor: "hr")
        }
        #expect(try test.database.inquiries(matching: InquiryQuery(), as: "test").total == 0)
    }

    @Test func closingDaysAndPolicyChangesShapeNewDeadlines() throws {
        let test = try TestDatabase()
        let person = try test.add("Kari", "Berg")
        test.clock.set("2025-12-23 10:00")
        try test.database.addClosingDay(CalendarDate(iso: "2025-12-24")!, reason: "Christmas Eve", actor: "admin")
        let exit = try open(test, person, .exit)
        let calendar = try test.database.businessCalendar()
        // 24 (closed), 25–26 (holidays), 27–28 (weekend): the next business day is the 29th.
        #expect(
            calendar.day(of: exit.deadlines.firstResponseDue.addingTimeInterval(-1)) == CalendarDate(iso: "2025-12-29"))

        try test.database.setPolicy(
            DeadlinePolicy(
                type: .general, firstResponse: .businessDays(5), resolution: .months(2), maxExtensionMonths: 0,
                silenceLimitBusinessDays: 5),
            actor: "admin")
        let general = try open(test, person, .general)
        #expect(
            calendar.day(of: general.deadlines.resolutionDue.addingTimeInterval(-1)) == CalendarDate(iso: "2026-02-23"))
    }

    @Test func silentDeparturesEndWithAFarewell() throws {
        let test = try TestDatabase()
        test.clock.set("2026-11-18 10:00")
        let recent = try test.database.addPerson(
            PersonFields(
                givenName: "New", familyName: "Leaver", kind: .employee, left: CalendarDate(iso: "2026-10-01")),
            actor: "hr")
        _ = try test.database.addPerson(
            PersonFields(givenName: "Just", familyName: "Left", kind: .employee, left: CalendarDate(iso: "2026-11-10")),
            actor: "hr")
        _ = try test.database.addPerson(
            PersonFields(givenName: "Long", familyName: "Gone", kind: .employee, left: CalendarDate(iso: "2019-01-01")),
            actor: "hr")
        #expect(try test.database.silentCases(as: "test").map(\.id) == [recent.id])
        try test.database.recordFarewell(personId: recent.id, note: "Lunch", actor: "coordinator")
        #expect(try test.database.silentCases(as: "test").isEmpty)
    }

    /// The overview shows the oldest few and a count that stops one past its limit.
    @Test func silentDeparturesComeOldestFirstCountedUpToALimit() throws {
        let test = try TestDatabase()
        test.clock.set("2026-11-18 10:00")
        for day in ["2026-10-05", "2026-10-01", "2026-10-03", "2026-10-02"] {
            _ = try test.database.addPerson(
                PersonFields(givenName: "Left", familyName: day, kind: .employee, left: CalendarDate(iso: day)),
                actor: "hr")
        }
        let page = try test.database.silentDepartures(limit: 2, countLimit: 2, as: "test")
        #expect(
            page.items.map(\.title) == [
                "Left 2026-10-01 left on 2026-10-01 without a farewell",
                "Left 2026-10-02 left on 2026-10-02 without a farewell",
            ])
        #expect(page.total == 3 && page.countLimit == 2)
        #expect(try test.database.silentDepartures(limit: 2, countLimit: 10, as: "test").total == 4)
        #expect(try test.database.dueFollowups(.all, limit: 1, countLimit: 3, as: "test").total == 4)
        #expect(try test.database.dueFollowups(.all, limit: 1, as: "test").total == 8)
    }

    @Test func theReportCountsPerTypeAndMonthInBusinessDays() throws {
        let test = try TestDatabase()
        let person = try test.add("Aino", "Virtanen")
        test.clock.set("2025-11-03 09:00")  // a Monday
        let fast = try open(test, person, .general)
        let slow = try open(test, person, .general)
        test.clock.set("2025-11-04 09:00")
        _ = try test.database.reply(toInquiry: fast.id, body: "Answer", actor: "hr")
        test.clock.set("2025-11-10 09:00")
        _ = try test.database.reply(toInquiry: slow.id, body: "Late answer", actor: "hr")
        _ = try test.database.close(inquiry: fast.id, resolution: "done", actor: "hr")
        let report = try test.database.inquiryReport(
            from: CalendarDate(iso: "2025-11-01"), to: CalendarDate(iso: "2025-11-30"), as: "test")
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1)
        #expect(row.month == "2025-11" && row.type == .general)
        #expect(row.opened == 2 && row.closed == 1)
        #expect(row.firstResponseMedian == 1 && row.firstResponseP90 == 5)
        #expect(row.resolutionMedian == 5)
        #expect(row.firstResponseOnTime == 0.5)
    }
}
