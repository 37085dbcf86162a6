import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Sending the farewells that are due, through `Store`: the same plans sent and skipped for the
/// same reasons, the same messages queued and the same audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct FarewellsOnBothStoresTests {
    static let admin = BothStores.admin

    /// A thank-you that says what it was given.
    struct Thanks: FarewellRenderer {
        func message(for notice: FarewellNotice) throws -> NewOutboxMessage {
            NewOutboxMessage(
                dedupeKey: "farewell-\(notice.planId)", recipient: notice.person.fields.email ?? "",
                subject: "Thank you", messageID: "<farewell-\(notice.planId)@test>",
                mime: Data("years \(notice.years ?? -1), link \(notice.linkVersion)".utf8), payload: "{}",
                about: notice.person.id)
        }
    }

    struct Outcome: Equatable {
        var first: FarewellRunReport
        var again: FarewellRunReport
        var plans: [[String: DatabaseValue]]
        var messages: [[String: DatabaseValue]]
        var sentAudit: Int
    }

    @Test("due farewells are sent, skipped by hand or for want of an address, and never twice, alike on both stores")
    func sameFarewells() async throws {
        try await BothStores.with(people: 10) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.send($0, clock: clock)
            }
            let ours = outcome.plans.filter {
                ($0["given_name"].flatMap(String.fromDatabaseValue) ?? "").hasPrefix("Fw")
            }
            #expect(ours.map { $0["status"] } == ["sent", "skipped", "skipped"].map(\.databaseValue))
            #expect(ours[1]["skip_reason"] == "recorded by hand".databaseValue)
            #expect(outcome.first.sent >= 1 && outcome.again == FarewellRunReport())
            let toOne = outcome.messages.first { $0["recipient"] == "fw.one@example.com".databaseValue }
            #expect(toOne?["mime"] == Data("years 11, link 0".utf8).databaseValue, "thanks for eleven years")
            #expect(outcome.sentAudit == outcome.first.sent)
        }
    }

    private static func send(_ store: Store, clock: SettableClock) async throws -> Outcome {
        clock.set(ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!)
        var ids: [Int64] = []
        for (given, email) in [("Fwone", "fw.one@example.com"), ("Fwtwo", "fw.two@example.com"), ("Fwthree", nil)] {
            ids.append(
                try await store.addPerson(
                    PersonFields(
                        givenName: given, familyName: "Leaver", email: email, kind: .employee,
                        joined: CalendarDate(iso: "2015-03-01"), left: CalendarDate(iso: "2026-11-20")),
                    actor: admin
                ).id)
        }
        try await store.recordFarewell(personId: ids[1], note: "Cake on the last day", actor: admin)
        clock.advance(40 * 86_400)
        let first = try await store.sendDueFarewells(renderer: Thanks(), batch: 2)
        let again = try await store.sendDueFarewells(renderer: Thanks())
        return Outcome(
            first: first, again: again,
            plans: try await store.rows(
                """
                SELECT person.given_name, farewell_plan.status, farewell_plan.skip_reason,
                       farewell_plan.outbox_id IS NOT NULL AS queued
                FROM farewell_plan JOIN person ON person.id = farewell_plan.person_id ORDER BY farewell_plan.id
                """),
            messages: try await store.rows(
                """
                SELECT dedupe_key, recipient, mime FROM outbox_message
                JOIN outbox_content ON outbox_content.message_id = outbox_message.id
                WHERE dedupe_key LIKE 'farewell-%' ORDER BY dedupe_key
                """),
            sentAudit: try await store.auditEvents(limit: 500, as: admin).items.filter {
                $0.action == "person.farewell-sent"
            }.count)
    }
}
