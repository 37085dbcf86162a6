import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Testing

/// Farewells go out after the delay, once, to people who may get them; the others stay silent
/// departures for the coordinator.
@Suite struct FarewellTests {
    private func send(_ fixture: CampaignFixture) throws -> FarewellRunReport {
        try fixture.database.sendDueFarewells(renderer: FarewellMessages(from: fixture.from, clock: fixture.clock))
    }

    @Test func aDepartureIsThankedAfterTheDelayAndOnlyOnce() async throws {
        let fixture = try CampaignFixture()
        try fixture.database.setSetting(.farewellDelayDays, to: "3", actor: "admin")
        let person = try fixture.person("Søren", "Holm", language: .da, joined: "2014-11-01")
        // Leaves today (2026-11-18, Copenhagen): the farewell is due at the start of the 21st.
        _ = try fixture.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2026-11-18")!, reason: "new job", actor: "hr")
        let plan = try #require(
            try fixture.database.farewellPlans(status: .scheduled, limit: 10, as: "test").items.first)
        #expect(plan.dueAt == BusinessCalendar(country: .DK).startOfDay(CalendarDate(iso: "2026-11-21")!))

        fixture.clock.advance(86_400)
        #expect(try send(fixture) == FarewellRunReport(sent: 0, skipped: 0))
        fixture.clock.advance(3 * 86_400)
        #expect(try send(fixture) == FarewellRunReport(sent: 1, skipped: 0))
        #expect(try send(fixture) == FarewellRunReport(sent: 0, skipped: 0))

        let delivered = try await fixture.deliver()
        #expect(delivered.count == 1)
        #expect(decodeQuotedPrintable(delivered[0]).contains("Tak for 12 år hos os."))
        // Said goodbye: no longer a silent departure, even once the silence limit has passed.
        fixture.clock.advance(30 * 86_400)
        #expect(try fixture.database.silentCases(as: "test").isEmpty)
    }

    /// Kari, who may not be contacted, left today; five days on her farewell was skipped.
    private func skippedDeparture() throws -> (CampaignFixture, Person) {
        let fixture = try CampaignFixture()
        let person = try fixture.person("Kari", "Nord", left: nil)
        try fixture.database.setDoNotContact(personId: person.id, true, source: "phone call", actor: "hr")
        _ = try fixture.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2026-11-18")!, reason: nil, actor: "hr")
        fixture.clock.advance(5 * 86_400)
        #expect(try send(fixture) == FarewellRunReport(sent: 0, skipped: 1))
        return (fixture, person)
    }

    @Test func aSkippedFarewellIsAGoodbyeOwedUntilOneIsSaidAnotherWay() throws {
        let (fixture, person) = try skippedDeparture()
        #expect(try fixture.database.goodbyesOwed(limit: 10, as: "test").items.map(\.personId) == [person.id])
        try fixture.database.recordFarewell(personId: person.id, note: "called her", actor: "coordinator")
        #expect(try fixture.database.goodbyesOwed(limit: 10, as: "test").total == 0)
        #expect(try fixture.database.farewellPlans(status: .skipped, limit: 10, as: "test").total == 1)
    }

    @Test func someoneWhoCannotBeEmailedIsSkippedAndStaysSilent() throws {
        let (fixture, person) = try skippedDeparture()
        let plan = try #require(try fixture.database.farewellPlans(status: .skipped, limit: 1, as: "test").items.first)
        #expect(plan.skipReason == "do-not-contact")
        #expect(try fixture.database.outboxMessages(status: nil, limit: 10).total == 0)
        fixture.clock.advance(20 * 86_400)
        #expect(try fixture.database.silentCases(as: "test").map(\.personId) == [person.id])
    }

    @Test func consentIsJudgedWhenTheFarewellIsDueNotWhenScheduled() throws {
        let fixture = try CampaignFixture()
        let person = try fixture.person("Lea", "Berg", left: nil)
        _ = try fixture.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2026-11-18")!, reason: nil, actor: "hr")
        try fixture.database.setPreferredWay(
            personId: person.id, channel: .post, note: "letters please", source: "exit interview", actor: "hr")
        fixture.clock.advance(5 * 86_400)
        #expect(try send(fixture) == FarewellRunReport(sent: 0, skipped: 1))
        #expect(
            try fixture.database.farewellPlans(status: .skipped, limit: 1, as: "test").items.first?.skipReason
                == "prefers post")
    }

    @Test func aFarewellRecordedByHandMakesTheEmailUnneeded() throws {
        let fixture = try CampaignFixture()
        let person = try fixture.person("Mia", "Falk", left: nil)
        _ = try fixture.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2026-11-18")!, reason: nil, actor: "hr")
        try fixture.database.recordFarewell(personId: person.id, note: "flowers and a card", actor: "coordinator")
        fixture.clock.advance(5 * 86_400)
        #expect(try send(fixture) == FarewellRunReport(sent: 0, skipped: 1))
        #expect(try fixture.database.outboxMessages(status: nil, limit: 10).total == 0)
    }
}
