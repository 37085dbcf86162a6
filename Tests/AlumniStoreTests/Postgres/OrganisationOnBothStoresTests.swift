import AlumniCore
import AlumniTestSupport
import Foundation
import Testing

@testable import AlumniStore

/// Settings, closing days and deadline policies through `Store`: the same changes give the same
/// answers, the same refusals and the same audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct OrganisationOnBothStoresTests {
    static let admin = BothStores.admin

    @Test("settings, closing days and policies changed alike on both stores read back alike and are audited alike")
    func sameChanges() async throws {
        try await BothStores.with(people: 10) { sqlite, postgres, _ in
            for store in [sqlite, postgres] {
                try await store.setSetting(.calendarCountry, to: "no", actor: Self.admin)
                try await store.addClosingDay(
                    CalendarDate(iso: "2026-12-24")!, reason: " Christmas Eve ", actor: Self.admin)
                try await store.addClosingDay(
                    CalendarDate(iso: "2026-12-31")!, reason: "New Year's Eve", actor: Self.admin)
                #expect(try await store.removeClosingDay(CalendarDate(iso: "2026-12-31")!, actor: Self.admin))
                #expect(try await !store.removeClosingDay(CalendarDate(iso: "2026-12-31")!, actor: Self.admin))
                var policy = try #require(try await store.deadlinePolicies().first { $0.type == .pension })
                policy.silenceLimitBusinessDays = 5
                try await store.setPolicy(policy, actor: Self.admin)
                policy.silenceLimitBusinessDays = 0
                await #expect(throws: ValidationFailure.self) { try await store.setPolicy(policy, actor: Self.admin) }
                await #expect(throws: ValidationFailure.self) {
                    try await store.setSetting(.timeZone, to: "Mars/Olympus", actor: Self.admin)
                }
                await #expect(throws: ValidationFailure.self) {
                    try await store.addClosingDay(CalendarDate(iso: "2026-12-25")!, reason: "  ", actor: Self.admin)
                }
                let viewer = try await store.staffActor(named: "viewer")
                await #expect(throws: AccessRefused.self) {
                    try await store.setSetting(.calendarCountry, to: "SE", actor: viewer)
                }
            }
            #expect(try await postgres.settings() == (try await sqlite.settings()))
            #expect(try await postgres.settings().calendarCountry == .NO)
            #expect(try await postgres.closingDays() == [CalendarDate(iso: "2026-12-24")!: "Christmas Eve"])
            #expect(try await postgres.closingDays() == (try await sqlite.closingDays()))
            #expect(try await postgres.deadlinePolicies() == (try await sqlite.deadlinePolicies()))
            #expect(
                try await postgres.auditEvents(as: Self.admin).items
                    == (try await sqlite.auditEvents(as: Self.admin).items))
            let actions = try await postgres.auditEvents(limit: 5, as: Self.admin).items.map(\.action)
            #expect(
                actions == [
                    "access.denied", "policy.changed", "calendar.reopened", "calendar.closed", "calendar.closed",
                ])

        }
    }
}
