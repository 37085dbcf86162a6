import AlumniCore
import AlumniStore
import Foundation
import Testing

/// The reads behind the desk's busiest pages, each one transaction: a person's record and the queue.
@Suite struct DeskReadsTests {
    private func setUp() throws -> (TestDatabase, Person, hr: StaffUser, coordinator: StaffUser) {
        let test = try TestDatabase()
        test.clock.set("2025-11-21 10:00")
        let person = try test.add("Åse", "Ødegård", ref: "E1")
        _ = try test.database.addEmployment(
            EmploymentPeriod(
                personId: person.id, entity: "Nordlys AB", country: "SE", from: CalendarDate(iso: "2001-01-01")!,
                to: nil), actor: "setup")
        _ = try test.database.addPension(
            PensionArrangement(
                personId: person.id, provider: "Alecta", plan: "ITP 1", reference: "SECRET-9",
                from: CalendarDate(iso: "2001-01-01")!, to: nil), actor: "setup")
        for type in [InquiryType.pension, .general] {
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: type, subject: "Question", body: "Hello"), actor: "setup")
        }
        let hr = try test.database.addUser(name: "hanna", email: "hanna@example.com", role: .hr, actor: "setup")
        let coordinator = try test.database.addUser(
            name: "carl", email: "carl@example.com", role: .coordinator, actor: "setup")
        return (test, person, hr, coordinator)
    }

    @Test func aPersonsRecordHoldsWhatTheRoleMaySeeAndAuditsThePensionRead() throws {
        let (test, person, hr, coordinator) = try setUp()
        let forHR = try test.database.personRecord(id: person.id, as: hr.actor())
        #expect(forHR.pensions?.map(\.reference) == ["SECRET-9"])
        #expect(forHR.employment?.map(\.entity) == ["Nordlys AB"])
        #expect(Set(forHR.inquiries.map(\.type)) == [.pension, .general])
        #expect(
            try test.database.auditEvents(personId: person.id, limit: 1, as: "test").items.first?.action
                == "pension.read")

        let before = try test.database.auditEvents(personId: person.id, as: "test").total
        let forCoordinator = try test.database.personRecord(id: person.id, as: coordinator.actor())
        #expect(forCoordinator.pensions == nil)
        #expect(forCoordinator.employment == nil)
        #expect(forCoordinator.audit == nil)
        #expect(forCoordinator.inquiries.map(\.type) == [.general])
        #expect(try test.database.auditEvents(personId: person.id, as: "test").total == before)
    }

    @Test func aPersonsRecordCarriesTheirLegalHoldAndMailStanding() throws {
        let (test, person, _, coordinator) = try setUp()
        let before = try test.database.personRecord(id: person.id, as: coordinator.actor())
        #expect(before.legalHold == nil)
        #expect(before.mail.undeliverableSince == nil && before.mail.unreachableSince == nil)
        try test.database.setLegalHold(personId: person.id, on: true, reason: "a dispute", actor: "hanna")
        #expect(
            try test.database.personRecord(id: person.id, as: coordinator.actor()).legalHold == "a dispute")
    }

    @Test func anErasedOrUnknownPersonHasNoRecord() throws {
        let (test, person, hr, _) = try setUp()
        _ = try test.database.erasePerson(id: person.id, actor: "admin")
        #expect(throws: StoreError.self) { try test.database.personRecord(id: person.id, as: hr.actor()) }
        #expect(throws: StoreError.self) { try test.database.personRecord(id: 999, as: hr.actor()) }
    }

    @Test func theQueueCountsEachTabAsItsOwnQueryWould() throws {
        let (test, person, hr, coordinator) = try setUp()
        // A closed case without an owner, one assigned, one waiting: each tab counts only its own.
        let closed = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Old", body: "Hi"), actor: "setup")
        _ = try test.database.close(inquiry: closed.id, resolution: "Done", actor: "setup")
        _ = try test.database.assign(inquiry: 1, to: "hanna", actor: "setup")
        _ = try test.database.askRequester(inquiry: 2, body: "Which years?", actor: "hanna")
        test.clock.set("2025-12-24 10:00")

        for user in [hr, coordinator] {
            var mine = InquiryQuery()
            mine.owner = user.name
            var unassigned = InquiryQuery()
            unassigned.unassigned = true
            var waiting = InquiryQuery()
            waiting.status = .waiting
            var overdue = InquiryQuery()
            overdue.overdue = true
            // The store narrows every tab to the types the role may see.
            let tabs = [mine, unassigned, InquiryQuery(), waiting, overdue]
            let queue = try test.database.inquiryQueue(tabs[4], tabs: tabs, as: user.actor())
            let expected = try tabs.map { try test.database.inquiries(matching: $0, as: user.actor()).total }
            #expect(queue.counts == expected, "\(user.role)")
            #expect(queue.page.items.map(\.id) == (user.role == .hr ? [1] : []))
            #expect(queue.names[person.id] == (queue.page.items.isEmpty ? nil : "Åse Ødegård"))
            #expect(queue.activeStaff == ["carl", "hanna"])
        }
        #expect(
            try test.database.inquiryQueue(InquiryQuery(), tabs: [InquiryQuery()], as: "test").counts == [2],
            "the closed case is in no tab")
    }

    @Test func theQueueStopsCountingPastItsLimitButNeverBeforeThePageAskedFor() throws {
        let (test, person, _, _) = try setUp()
        for _ in 0..<3 {
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: .general, subject: "More", body: "Hi"), actor: "setup")
        }
        var page = InquiryQuery()
        page.limit = 2
        let queue = try test.database.inquiryQueue(page, tabs: [page, InquiryQuery()], as: "test", countLimit: 2)
        #expect(queue.countLimit == 2)
        #expect(queue.counts == [3, 3], "five open inquiries, counted to one past the limit")
        #expect(queue.page.total == 3)
        page.offset = 4
        let further = try test.database.inquiryQueue(page, tabs: [InquiryQuery()], as: "test", countLimit: 2)
        #expect(further.countLimit == 6)
        #expect(further.counts == [5])
        #expect(further.page.items.count == 1)
    }
}
