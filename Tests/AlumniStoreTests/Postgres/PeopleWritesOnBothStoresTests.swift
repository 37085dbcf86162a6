import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Adding and changing people through `Store`: the same changes give the same people, the same
/// planned farewells and check-ins, the same refusals and audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PeopleWritesOnBothStoresTests {
    static let admin = BothStores.admin

    /// A page of farewell plans, as a list shows it.
    struct Listed: Equatable {
        var items: [FarewellPlan]
        var total: Int

        init(_ page: Page<FarewellPlan>) {
            (items, total) = (page.items, page.total)
        }
    }

    struct Outcome: Equatable {
        var added: Person
        var updated: Person
        var departed: Person
        var plans: [[String: DatabaseValue]]
        /// The farewell lists: every plan, the scheduled ones, the goodbyes owed.
        var farewellLists: [Listed]
        var followups: [[String: DatabaseValue]]
        var employment: [EmploymentPeriod]
        var pensions: [PensionArrangement]
        var dueCheckIns: Int
        var completed: Followup
        var stillOpen: [Followup]
        var hold: [[String: DatabaseValue]]
        var audit: [AuditEvent]
    }

    @Test("people added, changed and departed alike on both stores, their farewells and check-ins planned alike")
    func sameChanges() async throws {
        try await BothStores.with(people: 10) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.change($0, clock: clock)
            }
            #expect(outcome.added.fields.tags == ["berlin", "finance"])
            #expect(
                outcome.updated.fields.email == "nora.new@example.com"
                    && outcome.updated.fields.tags == ["berlin", "finance"])
            #expect(outcome.departed.fields.left == CalendarDate(iso: "2026-11-02"))
            #expect(
                outcome.plans.map { $0["left_on"] } == ["2026-11-02".databaseValue],
                "the first departure's pending farewell gave way to the new date's")
            #expect(outcome.followups.map { $0["months"] } == [6, 24].map(\.databaseValue))
            #expect(outcome.farewellLists[1].items.contains { $0.personId == outcome.added.id })
            #expect(outcome.farewellLists[0].total >= outcome.farewellLists[1].total + outcome.farewellLists[2].total)
            #expect(outcome.employment.map(\.entity) == ["Acme AS"] && outcome.pensions.map(\.reference) == ["K-1"])
            #expect(outcome.completed.outcome == .returned && outcome.completed.note == "Back in March")
            #expect(outcome.stillOpen.map(\.months) == [24], "the six-month check-in is done")
            #expect(outcome.hold.first?["legal_hold_reason"] == "Pension dispute".databaseValue)
            #expect(
                outcome.audit.map(\.action) == [
                    "pension.read", "person.hold-lifted", "person.hold-placed", "followup.done", "access.denied",
                    "pension.added", "employment.added", "person.departed", "access.denied", "person.updated",
                    "person.created",
                ])
            #expect(outcome.audit[9].detail == "changed: email")
        }
    }

    private static func change(_ store: Store, clock: SettableClock) async throws -> Outcome {
        clock.set(ISO8601DateFormatter().date(from: "2026-11-18T10:00:00Z")!)
        let added = try await store.addPerson(
            PersonFields(
                givenName: "Nora", familyName: "Ødegård", email: "nora@example.com", country: "no", kind: .employee,
                externalRef: "E-9001", left: CalendarDate(iso: "2026-10-30"), tags: ["finance", "berlin", "finance"]),
            actor: admin)
        await #expect(throws: ValidationFailure.self, "the reference is taken") {
            try await store.addPerson(
                PersonFields(
                    givenName: "Other", familyName: "One", email: "o@example.com", kind: .employee,
                    externalRef: "E-9001"), actor: admin)
        }
        await #expect(throws: ValidationFailure.self) {
            try await store.addPerson(PersonFields(givenName: "No", familyName: "Mail", email: "nope"), actor: admin)
        }
        clock.advance(60)
        let updated = try await store.updatePerson(
            id: added.id, with: PersonFields(email: "nora.new@example.com"), ifVersion: added.version, actor: admin)
        await #expect(throws: StoreError.stale("person #\(added.id)")) {
            try await store.updatePerson(
                id: added.id, with: PersonFields(phone: "+47 1"), ifVersion: added.version, actor: admin)
        }
        let viewer = try await store.staffActor(named: "viewer")
        await #expect(throws: AccessRefused.self) {
            try await store.recordDeparture(
                id: added.id, left: CalendarDate(iso: "2026-11-01")!, reason: nil, actor: viewer)
        }
        clock.advance(60)
        let departed = try await store.recordDeparture(
            id: added.id, left: CalendarDate(iso: "2026-11-02")!, reason: "New job", actor: admin)
        _ = try await store.addEmployment(
            EmploymentPeriod(
                personId: added.id, entity: "Acme AS", country: "NO", from: CalendarDate(iso: "2001-02-01")!,
                to: CalendarDate(iso: "2026-11-02")), actor: admin)
        _ = try await store.addPension(
            PensionArrangement(
                personId: added.id, provider: "KLP", plan: "Fellesordningen", reference: "K-1",
                from: CalendarDate(iso: "2001-02-01")!, to: nil), actor: admin)
        let customer = try await store.addPerson(
            PersonFields(givenName: "Cu", familyName: "Stomer", email: "c@example.com", kind: .customer), actor: admin)
        await #expect(throws: ValidationFailure.self, "a customer has no employment") {
            try await store.addEmployment(
                EmploymentPeriod(
                    personId: customer.id, entity: "Acme AS", country: "NO", from: CalendarDate(iso: "2001-02-01")!,
                    to: nil), actor: admin)
        }
        await #expect(throws: AccessRefused.self) {
            try await store.addPension(
                PensionArrangement(
                    personId: added.id, provider: "KLP", plan: "X", reference: "K-2",
                    from: CalendarDate(iso: "2001-02-01")!, to: nil), actor: viewer)
        }
        let open = try await store.dueFollowups(.all, limit: 10, as: admin).items.filter { $0.personId == added.id }
        let completed = try await store.completeFollowup(
            id: open[0].id, outcome: .returned, note: " Back in March ", actor: admin)
        await #expect(throws: ValidationFailure.self, "a check-in is done once") {
            try await store.completeFollowup(id: open[0].id, outcome: .declined, note: nil, actor: admin)
        }
        await #expect(throws: StoreError.notFound("follow-up #999999")) {
            try await store.completeFollowup(id: 999_999, outcome: .declined, note: nil, actor: admin)
        }
        await #expect(throws: ValidationFailure.self, "a hold needs a reason") {
            try await store.setLegalHold(personId: added.id, on: true, reason: " ", actor: admin)
        }
        try await store.setLegalHold(personId: added.id, on: true, reason: "Pension dispute", actor: admin)
        let hold = try await store.rows("SELECT legal_hold_reason, legal_hold_at FROM person WHERE id = \(added.id)")
        try await store.setLegalHold(personId: added.id, on: false, reason: nil, actor: admin)
        return Outcome(
            added: added, updated: updated, departed: departed,
            plans: try await store.rows(
                "SELECT left_on, due_at, status FROM farewell_plan WHERE person_id = \(added.id) ORDER BY id"),
            farewellLists: [
                Listed(try await store.farewellPlans(status: nil, limit: 50, as: admin)),
                Listed(try await store.farewellPlans(status: .scheduled, limit: 50, as: admin)),
                Listed(try await store.goodbyesOwed(limit: 50, as: admin)),
            ],
            followups: try await store.rows(
                "SELECT left_on, months, due_on FROM followup WHERE person_id = \(added.id) ORDER BY months, left_on"),
            employment: try await store.employmentPeriods(personId: added.id, as: admin),
            pensions: try await store.pensionArrangements(personId: added.id, as: admin),
            dueCheckIns: try await store.dueFollowups(limit: 10, as: admin).total, completed: completed,
            stillOpen: try await store.dueFollowups(.all, limit: 10, as: admin).items.filter {
                $0.personId == added.id
            },
            hold: hold,
            audit: try await store.auditEvents(personId: added.id, as: admin).items)
    }
}
