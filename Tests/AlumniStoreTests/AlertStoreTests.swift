import AlumniCore
import AlumniStore
import Foundation
import Testing

@Suite struct AlertStoreTests {
    private let addresses = AlertAddresses(team: "team@example.com", escalation: "boss@example.com")

    private func alwaysOpen() -> AlertPolicy {
        var policy = AlertPolicy()
        policy.hours = nil
        return policy
    }

    /// Renders alerts the simplest way: the dedupe key is all the outbox needs.
    struct PlainRenderer: AlertRenderer {
        func message(for notice: AlertNotice) -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "alert:" + notice.dedupeKey, recipient: notice.recipient, subject: notice.kind.phrase,
                messageID: "<\(notice.dedupeKey)>", mime: Data(), payload: "{}")
        }

        func digest(of notices: [AlertNotice], to recipient: String, on day: CalendarDate) -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "digest:\(recipient):\(day)", recipient: recipient, subject: "\(notices.count) alerts",
                messageID: "<digest-\(day)>", mime: Data(), payload: "{}")
        }
    }

    private func scan(_ test: TestDatabase, policy: AlertPolicy? = nil) throws -> AlertScanReport {
        try test.database.raiseAlerts(policy: policy ?? alwaysOpen(), addresses: addresses, renderer: PlainRenderer())
    }

    @Test func eachAlertIsRaisedOnceAndAgainOnlyWhenTheDeadlineMoves() throws {
        let test = try TestDatabase()
        let person = try test.add("Åse", "Ødegård")
        _ = try test.database.addUser(name: "anna", email: "anna@example.com", role: .hr, actor: "admin")
        test.clock.set("2025-11-03 09:00")
        let inquiry = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .pension, subject: "Years abroad", owner: "anna"), actor: "hr")

        test.clock.set("2025-11-05 09:00")  // first response due at the end of Thursday the 6th
        #expect(try scan(test).raised.map(\.kind) == [.firstResponseDueSoon])
        #expect(try scan(test).raised.isEmpty, "a second scan raises nothing")

        // Monday: overdue since Thursday night, silent too, and 2 business days late.
        test.clock.set("2025-11-10 09:00")
        let late = try scan(test)
        #expect(Set(late.raised.map(\.kind)) == [.firstResponseOverdue, .silent, .escalation])
        #expect(late.raised.first { $0.kind == .escalation }?.recipient == "boss@example.com")
        #expect(late.raised.first { $0.kind == .silent }?.recipient == "anna@example.com")
        #expect(try scan(test).alreadyRaised == 3, "overdue, silent and escalation again, none new")

        _ = try test.database.reply(toInquiry: inquiry.id, body: "On it", actor: "anna")
        _ = try test.database.extend(inquiry: inquiry.id, byMonths: 2, reason: "Records abroad", actor: "anna")
        test.clock.set("2026-01-02 09:00")
        #expect(try scan(test).raised.isEmpty, "the moved resolution deadline is far away")

        let outbox = try test.database.outboxMessages(status: .queued, limit: 100)
        #expect(outbox.total == 4)
        #expect(try test.database.alerts(limit: 100).total == 4)
    }

    @Test func unassignedCasesGoToTheTeam() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        test.clock.set("2025-11-03 09:00")
        _ = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .exit, subject: "Close my account"), actor: "hr")
        test.clock.set("2025-11-05 09:00")
        let report = try scan(test)
        #expect(report.raised.contains { $0.kind == .firstResponseOverdue && $0.recipient == "team@example.com" })
    }

    @Test func alertsWaitForBusinessHours() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        test.clock.set("2025-11-03 09:00")
        _ = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .exit, subject: "Close my account"), actor: "hr")
        let office = AlertPolicy()  // 08:00-17:00 on business days
        test.clock.set("2025-11-08 10:00")  // a Saturday
        #expect(try scan(test, policy: office).open == false)
        test.clock.set("2025-11-10 06:30")  // Monday, before opening
        #expect(try scan(test, policy: office).open == false)
        #expect(try test.database.outboxMessages(status: nil, limit: 10).total == 0)
        test.clock.set("2025-11-10 08:05")
        #expect(try scan(test, policy: office).raised.isEmpty == false)
    }

    @Test func aDryRunWritesNothing() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        test.clock.set("2025-11-03 09:00")
        _ = try test.database.openInquiry(NewInquiry(personId: person.id, type: .exit, subject: "Close"), actor: "hr")
        test.clock.set("2025-11-05 09:00")
        let dry = try test.database.raiseAlerts(
            policy: alwaysOpen(), addresses: addresses, dryRun: true, renderer: PlainRenderer())
        #expect(!dry.raised.isEmpty)
        #expect(try test.database.alerts(limit: 10).total == 0)
        #expect(try scan(test).raised.count == dry.raised.count)
    }

    @Test func silentDeparturesAlertTheCoordinators() throws {
        let test = try TestDatabase()
        _ = try test.database.addUser(name: "carla", email: "carla@example.com", role: .coordinator, actor: "admin")
        test.clock.set("2026-11-18 10:00")
        _ = try test.database.addPerson(
            PersonFields(
                givenName: "New", familyName: "Leaver", kind: .employee, left: CalendarDate(iso: "2026-10-01")),
            actor: "hr")
        let report = try scan(test)
        #expect(report.raised.map(\.kind) == [.silentDeparture])
        #expect(report.raised.first?.recipient == "carla@example.com")
    }

    @Test func deliveryBookkeepingRetriesThenGivesUp() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        test.clock.set("2025-11-03 09:00")
        _ = try test.database.openInquiry(NewInquiry(personId: person.id, type: .exit, subject: "Close"), actor: "hr")
        test.clock.set("2025-11-05 09:00")
        _ = try scan(test)
        let worker = OutboxLease.thisProcess()
        let due = try test.database.claimDueMessages(limit: 10, for: worker)
        let first = try #require(due.first)
        #expect(try test.database.markSending(first.id, by: worker))
        _ = try test.database.recordDelivery(
            first.id, .failed(reason: "relay refused", retryAt: test.clock.now().addingTimeInterval(60)), by: worker)
        #expect(try test.database.claimDueMessages(limit: 10, for: worker).map(\.id).contains(first.id) == false)
        #expect(try !test.database.markSending(first.id, by: worker), "a message not claimed again is not sent")
        test.clock.advance(60)
        #expect(try test.database.claimDueMessages(limit: 10, for: worker).map(\.id).contains(first.id))
        #expect(try test.database.markSending(first.id, by: worker))
        _ = try test.database.recordDelivery(first.id, .failed(reason: "relay refused", retryAt: nil), by: worker)
        #expect(try test.database.outboxMessage(id: first.id).status == .failed)
        #expect(try test.database.retryOutbox(id: nil, actor: "admin") == 1)
        #expect(try test.database.outboxMessage(id: first.id).status == .queued)
    }

    @Test func digestOwnersGetOneMessageADay() throws {
        let test = try TestDatabase()
        let person = try test.add("Mette", "Kjær")
        _ = try test.database.addUser(name: "bo", email: "bo@example.com", role: .hr, actor: "admin")
        try test.database.setAlertDigest(name: "bo", true, actor: "admin")
        test.clock.set("2025-11-03 09:00")
        for subject in ["One", "Two"] {
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: .exit, subject: subject, owner: "bo"), actor: "hr")
        }
        test.clock.set("2025-11-05 09:00")
        let first = try scan(test)
        #expect(first.raised.map(\.kind) == [.firstResponseOverdue, .firstResponseOverdue])
        let digests = try test.database.outboxMessages(status: nil, limit: 10).items
        #expect(digests.map(\.recipient) == ["bo@example.com"])
        #expect(digests.first?.subject == "\(first.raised.count) alerts")

        test.clock.set("2025-11-05 15:00")  // later the same day: new alerts wait for tomorrow
        _ = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .exit, subject: "Three", owner: "bo"), actor: "hr")
        test.clock.set("2025-11-06 08:30")
        _ = try scan(test)
        let toBo = try test.database.outboxMessages(status: nil, limit: 10).items.filter {
            $0.recipient == "bo@example.com"
        }
        #expect(toBo.count == 2, "a second day, a second digest")
        #expect(try test.database.alerts(limit: 100).items.allSatisfy { $0.delivery != nil })
    }

    @Test func aMovedDeadlineRaisesItsAlertAgain() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        test.clock.set("2025-11-03 09:00")
        let inquiry = try test.database.openInquiry(
            NewInquiry(personId: person.id, type: .pension, subject: "Years abroad"), actor: "hr")
        _ = try test.database.reply(toInquiry: inquiry.id, body: "On it", actor: "hr")
        test.clock.set("2025-12-02 09:00")  // resolution due at the end of Wednesday 3 December
        #expect(try scan(test).raised.map(\.kind) == [.resolutionDueSoon])
        _ = try test.database.extend(inquiry: inquiry.id, byMonths: 1, reason: "Records abroad", actor: "hr")
        #expect(try scan(test).raised.isEmpty)
        test.clock.set("2026-01-02 09:00")  // the new deadline, Monday 5 January, is one business day away
        let again = try scan(test)
        #expect(again.raised.map(\.kind) == [.resolutionDueSoon])
        #expect(try test.database.alerts(limit: 10).total == 2)
    }

    /// Renders like ``PlainRenderer`` but fails on its `failAt`-th message (a scan that dies part-way).
    final class FailingRenderer: AlertRenderer, @unchecked Sendable {
        let failAt: Int
        private var count = 0

        init(failAt: Int) { self.failAt = failAt }

        func message(for notice: AlertNotice) throws -> NewOutboxMessage {
            count += 1
            if count == failAt { throw CocoaError(.featureUnsupported) }
            return PlainRenderer().message(for: notice)
        }

        func digest(of notices: [AlertNotice], to recipient: String, on day: CalendarDate) -> NewOutboxMessage {
            PlainRenderer().digest(of: notices, to: recipient, on: day)
        }
    }

    @Test func aScanWritesInChunksAndOneThatDiesPartWayLeavesWholeAlertsForTheNextToFinish() throws {
        let test = try TestDatabase()
        test.clock.set("2025-11-03 09:00")
        for number in 1...5 {
            let person = try test.add("Person", "Number\(number)")
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: .general, subject: "Question \(number)"), actor: "hr")
        }
        test.clock.set("2025-11-20 09:00")  // every case overdue, silent and escalated
        let due = try test.database.raiseAlerts(
            policy: alwaysOpen(), addresses: addresses, dryRun: true, renderer: PlainRenderer()
        ).raised.count
        #expect(due > 9)
        #expect(
            throws: CocoaError.self,
            performing: {
                try test.database.raiseAlerts(
                    policy: alwaysOpen(), addresses: addresses, renderer: FailingRenderer(failAt: 7), chunkSize: 3)
            })
        // Two chunks of three committed, each alert with its message; the third chunk rolled back.
        #expect(try test.database.outboxMessages(status: .queued, limit: 100).total == 6)
        let rest = try test.database.raiseAlerts(
            policy: alwaysOpen(), addresses: addresses, renderer: PlainRenderer(), chunkSize: 3)
        #expect(rest.raised.count == due - 6)
        #expect(rest.alreadyRaised == 6)
        #expect(try test.database.outboxMessages(status: .queued, limit: 100).total == due, "each alert once")
        #expect(try scan(test).raised.isEmpty)
    }
}
