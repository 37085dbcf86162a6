import AlumniCore
import AlumniStore
import Foundation
import Testing

@Suite struct RetentionTests {
    /// A former customer or employee who left on `left`, added while the clock says `at`.
    private func former(
        _ test: TestDatabase, _ family: String, kind: PersonKind, left: String, at: String = "2020-02-05 09:00"
    ) throws -> Int64 {
        test.clock.set(at)
        let person = try test.add("Someone", family, kind: kind)
        _ = try test.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: left)!, reason: "moved", actor: "hr")
        return person.id
    }

    @Test func theRulesAndEveryExceptionDecideWhoIsMinimisedOrErased() throws {
        let test = try TestDatabase()
        // Left long ago and quiet since: erased (customers, 3 years) and minimised (employees, 5 years).
        let quietCustomer = try former(
            test, "Quietcustomer", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00")
        let oldEmployee = try former(test, "Oldemployee", kind: .employee, left: "2019-01-31", at: "2020-06-01 09:00")
        test.clock.set("2020-06-01 10:00")
        _ = try test.database.addPension(
            PensionArrangement(
                personId: oldEmployee, provider: "Alecta", plan: "ITP 1", reference: "P-1",
                from: CalendarDate(iso: "2001-01-01")!, to: CalendarDate(iso: "2019-01-31")), actor: "hr")
        // The exceptions, each on its own.
        let recent = try former(test, "Recent", kind: .customer, left: "2025-06-01", at: "2025-06-05 09:00")
        let waiting = try former(test, "Openinquiry", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00")
        test.clock.set("2020-06-02 09:00")
        _ = try test.database.openInquiry(
            NewInquiry(personId: waiting, type: .general, subject: "Still open", body: "Hello"), actor: "hr")
        let farewellDue = try former(test, "Farewellpending", kind: .customer, left: "2020-01-31")
        let held = try former(test, "Held", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00")
        let consented = try former(test, "Consented", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00")
        test.clock.set("2025-01-10 09:00")
        try test.database.setConsent(
            personId: consented, topic: .newsletter, channel: .email, granted: true, source: "event", actor: "hr")

        test.clock.set("2026-11-18 09:00")
        try test.database.setLegalHold(personId: held, on: true, reason: "dispute about the final invoice", actor: "hr")
        let plan = try test.database.retentionPlan()
        #expect(plan.map(\.personId) == [quietCustomer, oldEmployee])
        #expect(plan.map(\.rule) == ["customer.erase", "employee.minimise"])
        for kept in [recent, waiting, farewellDue, held, consented] {
            #expect(!plan.contains { $0.personId == kept })
        }

        let report = try test.database.runRetention()
        #expect(report.erased == 1 && report.minimised == 1)
        #expect(try test.database.person(id: quietCustomer, as: "test").erasedAt != nil)
        let minimised = try test.database.person(id: oldEmployee, as: "test")
        #expect(minimised.fields.familyName == "Oldemployee", "the name stays")
        #expect(minimised.fields.email == nil, "contact details go")
        #expect(try test.database.pensionArrangements(personId: oldEmployee, as: "test").count == 1)
        #expect(try test.database.retentionPlan().isEmpty, "each once")
        let audit = try test.database.auditEvents(limit: 100, as: "test").items
        #expect(audit.contains { $0.action == "retention.erased" && $0.detail?.contains("customer.erase") == true })
        #expect(audit.contains { $0.action == "retention.minimised" && $0.personId == oldEmployee })
        let months = try test.database.retentionMonths()
        #expect(months.map(\.month) == ["2026-11"])
        #expect(months.map(\.minimised) == [1] && months.map(\.erased) == [1])

        // The hold lifted, the rule applies; an employee with a pension is never erased.
        try test.database.setLegalHold(personId: held, on: false, reason: nil, actor: "hr")
        try test.database.setSetting(.retentionEmployeeErase, to: "6", actor: "admin")
        #expect(try test.database.retentionPlan().map(\.personId) == [held])
        #expect(throws: ValidationFailure.self) {
            try test.database.setLegalHold(personId: held, on: true, reason: " ", actor: "hr")
        }
    }

    @Test func aRunStoppedPartWayLeavesWholeBatchesAndTheNextFinishes() throws {
        let test = try TestDatabase()
        var ids: [Int64] = []
        for number in 1...5 {
            ids.append(
                try former(test, "Customer\(number)", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00"))
        }
        test.clock.set("2026-11-18 09:00")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try test.database.runRetention(batchSize: 2) { progress in if progress.erased >= 2 { throw Stop() } }
        }
        let erased = try ids.filter { try test.database.person(id: $0, as: "test").erasedAt != nil }
        #expect(erased == Array(ids.prefix(2)))
        #expect(try test.database.runRetention(batchSize: 2).erased == 3)
        #expect(try ids.allSatisfy { try test.database.person(id: $0, as: "test").erasedAt != nil })
    }

    @Test func everyRuleCanBeSwitchedOff() throws {
        let test = try TestDatabase()
        _ = try former(test, "Quiet", kind: .customer, left: "2019-01-31", at: "2020-06-01 09:00")
        test.clock.set("2026-11-18 09:00")
        try test.database.setSetting(.retentionCustomerErase, to: "off", actor: "admin")
        #expect(try test.database.retentionPlan().isEmpty)
        #expect(throws: ValidationFailure.self) {
            try test.database.setSetting(.retentionCustomerErase, to: "forever", actor: "admin")
        }
    }

    /// Warnings rendered the simplest way: the store sets the dedupe key.
    struct PlainWarnings: RetentionWarningRenderer {
        func message(
            for person: Person, linkVersion: Int, erasureDay: CalendarDate, now: Date
        ) -> NewOutboxMessage? {
            NewOutboxMessage(
                dedupeKey: "", recipient: person.fields.email ?? "", subject: "Erasure from \(erasureDay)",
                messageID: "<w-\(person.id)>", mime: Data(), payload: "{}", about: person.id)
        }
    }

    @Test func withWarningsOnAnErasureWaitsForTheWarningAndTheKeepLinkStopsIt() throws {
        let test = try TestDatabase()
        let warned = try former(test, "Warned", kind: .customer, left: "2023-12-01", at: "2024-12-10 09:00")
        let keeper = try former(test, "Keeper", kind: .customer, left: "2023-12-01", at: "2024-12-10 09:00")
        test.clock.set("2024-12-10 10:00")
        let unreachable = try test.add("No", "Address", kind: .customer)
        _ = try test.database.updatePerson(id: unreachable.id, with: PersonFields(email: ""), actor: "hr")
        _ = try test.database.recordDeparture(
            id: unreachable.id, left: CalendarDate(iso: "2023-12-01")!, reason: nil, actor: "hr")
        try test.database.setSetting(.retentionWarningDays, to: "30", actor: "admin")

        test.clock.set("2026-11-18 09:00")  // erasure due on 2026-12-01, within 30 days
        #expect(try test.database.queueRetentionWarnings(renderer: PlainWarnings()) == 2, "not to who has no address")
        #expect(try test.database.queueRetentionWarnings(renderer: PlainWarnings()) == 0, "once")
        #expect(
            try test.database.outboxMessages(status: .queued, limit: 10).items.first?.subject
                == "Erasure from 2026-12-18")
        try test.database.keepInTouch(personId: keeper)

        test.clock.set("2026-12-05 09:00")  // due, but warned only 17 days ago
        let early = try test.database.retentionPlan()
        #expect(early.map(\.personId) == [unreachable.id], "\(early)")
        test.clock.set("2026-12-20 09:00")  // warned 32 days ago
        #expect(try test.database.retentionPlan().map(\.personId) == [warned, unreachable.id])
        #expect(try test.database.runRetention().erased == 2)
        #expect(try test.database.person(id: keeper, as: "test").erasedAt == nil, "asked to stay")
    }
}
