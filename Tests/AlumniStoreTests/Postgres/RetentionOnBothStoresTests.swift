import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Retention through `Store`: the same rules on the same people plan, erase, minimise and
/// report alike on SQLite and PostgreSQL, every exception kept.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct RetentionOnBothStoresTests {
    static let admin = BothStores.admin

    /// What each store made of the same run.
    struct Outcome: Equatable {
        var plan: [RetentionCandidate]
        var report: RetentionRunReport
        var people: [[String: DatabaseValue]]
        var again: [RetentionCandidate]
        var months: [RetentionMonth]
        var audit: [AuditEvent]
    }

    @Test("quiet customers erased, quiet employees minimised, an open inquiry, a legal hold and a consent kept, alike")
    func sameRetention() async throws {
        try await BothStores.with(people: 0, prepare: Self.formerPeople) { sqlite, postgres, clock in
            clock.set("2026-11-18 09:00")
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                Outcome(
                    plan: try await store.retentionPlan(), report: try await store.runRetention(batchSize: 1),
                    people: try await store.rows(
                        """
                        SELECT family_name, email, search_text, erased_at IS NOT NULL AS erased,
                               minimised_at IS NOT NULL AS minimised
                        FROM person WHERE left_on IS NOT NULL ORDER BY id
                        """),
                    again: try await store.retentionPlan(), months: try await store.retentionMonths(),
                    audit: try await store.auditEvents(as: Self.admin).items)
            }
            #expect(outcome.plan.map(\.rule) == ["customer.erase", "employee.minimise"])
            #expect(outcome.report.erased == 1 && outcome.report.minimised == 1)
            #expect(outcome.again.isEmpty, "each once")
            #expect(outcome.months.map(\.month) == ["2026-11"] && outcome.months[0].erased == 1)
            #expect(outcome.people.filter { $0["erased"] == 1.databaseValue }.count == 1)
            #expect(outcome.people.filter { $0["minimised"] == 1.databaseValue }.count == 1)
        }
    }

    /// People who left: a quiet customer (erased), an employee with a pension (minimised), and
    /// one kept by each exception: a recent departure, an open inquiry, a legal hold, a consent.
    private static func formerPeople(_ database: AlumniDatabase, _ clock: SettableClock) throws {
        func former(_ family: String, kind: PersonKind, left: String, at: String = "2020-06-01 09:00") throws -> Int64 {
            clock.set(at)
            let person = try database.addPerson(
                PersonFields(
                    givenName: "Someone", familyName: family, email: "\(family.lowercased())@example.com", kind: kind),
                actor: admin)
            _ = try database.recordDeparture(
                id: person.id, left: CalendarDate(iso: left)!, reason: "moved", actor: admin)
            return person.id
        }
        let quiet = try former("Quietcustomer", kind: .customer, left: "2019-01-31")
        let inquiry = try database.openInquiry(
            NewInquiry(personId: quiet, type: .general, subject: "Invoice", body: "My invoice?"), actor: admin)
        _ = try database.close(inquiry: inquiry.id, resolution: "Sent", actor: admin)
        let employee = try former("Oldemployee", kind: .employee, left: "2019-01-31")
        _ = try database.addPension(
            PensionArrangement(
                personId: employee, provider: "Alecta", plan: "ITP 1", reference: "P-1",
                from: CalendarDate(iso: "2001-01-01")!, to: CalendarDate(iso: "2019-01-31")), actor: admin)
        _ = try former("Recent", kind: .customer, left: "2025-06-01", at: "2025-06-05 09:00")
        let waiting = try former("Openinquiry", kind: .customer, left: "2019-01-31")
        _ = try database.openInquiry(
            NewInquiry(personId: waiting, type: .general, subject: "Still open", body: "Hello"), actor: admin)
        let held = try former("Held", kind: .customer, left: "2019-01-31")
        try database.setLegalHold(personId: held, on: true, reason: "a dispute", actor: admin)
        let consented = try former("Consented", kind: .customer, left: "2019-01-31")
        clock.set("2025-01-10 09:00")
        try database.setConsent(
            personId: consented, topic: .newsletter, channel: .email, granted: true, source: "event", actor: admin)
    }
}
