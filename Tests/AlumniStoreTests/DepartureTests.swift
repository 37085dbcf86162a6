import AlumniCore
import AlumniStore
import Foundation
import Testing

/// A departure schedules a farewell and check-ins; the coordinator works the check-ins.
@Suite struct DepartureTests {
    private func depart(_ test: TestDatabase, _ person: Person, _ left: String) throws {
        _ = try test.database.recordDeparture(id: person.id, left: CalendarDate(iso: left)!, reason: nil, actor: "hr")
    }

    @Test func checkInsFallDueSixAndTwentyFourMonthsAfterLeaving() throws {
        let test = try TestDatabase()
        let person = try test.add("Åse", "Ødegård")
        try depart(test, person, "2026-05-31")
        let all = try test.database.dueFollowups(.all, limit: 10, as: "test").items
        #expect(all.map(\.due.description) == ["2026-11-30", "2028-05-31"])
        #expect(all.map(\.personName) == ["Åse Ødegård", "Åse Ødegård"])
        // Today is 2026-11-18: nothing is due yet.
        #expect(try test.database.dueFollowups(.by(CalendarDate(iso: "2026-11-18")!), limit: 10, as: "test").total == 0)
        #expect(try test.database.dueFollowups(.by(CalendarDate(iso: "2026-11-30")!), limit: 10, as: "test").total == 1)
    }

    @Test func aCorrectedDepartureDateReplacesWhatWasPending() throws {
        let test = try TestDatabase()
        let person = try test.add("Björn", "Nyström")
        try depart(test, person, "2026-10-31")
        try depart(test, person, "2026-11-15")
        let plans = try test.database.farewellPlans(status: nil, limit: 10, as: "test").items
        #expect(plans.map(\.left.description) == ["2026-11-15"])
        #expect(
            try test.database.dueFollowups(.all, limit: 10, as: "test").items.map(\.left.description) == [
                "2026-11-15", "2026-11-15",
            ])
    }

    @Test func aCheckInOutcomeCountsInTheReportAndOnlyOnce() throws {
        let test = try TestDatabase()
        let returner = try test.add("Lars", "Sjöberg")
        let other = try test.add("Kari", "Nord")
        try depart(test, returner, "2026-01-15")
        try depart(test, other, "2026-02-15")
        let due = try test.database.dueFollowups(.by(CalendarDate(iso: "2026-11-18")!), limit: 10, as: "test").items
        #expect(due.map(\.personId) == [returner.id, other.id])

        _ = try test.database.completeFollowup(id: due[0].id, outcome: .returned, note: "starts in March", actor: "c")
        _ = try test.database.completeFollowup(id: due[1].id, outcome: .notNow, note: nil, actor: "c")
        #expect(throws: ValidationFailure.self) {
            try test.database.completeFollowup(id: due[0].id, outcome: .declined, note: nil, actor: "c")
        }
        #expect(throws: StoreError.self) {
            try test.database.completeFollowup(id: 999, outcome: .declined, note: nil, actor: "c")
        }
        let report = try test.database.relationsReport(as: "test")
        #expect(report.checkInsDone == 2)
        #expect(report.boomerangs == 1)
        #expect(report.checkInsDue == 0)
    }

    @Test func anImportSchedulesRecentDeparturesOnly() throws {
        let test = try TestDatabase()
        let file = try test.file(
            "people.csv",
            """
            given_name,family_name,kind,left
            Anna,Berg,employee,2026-10-01
            Bo,Ek,customer,2015-10-01
            Cai,Dahl,customer,

            """)
        _ = try test.database.importPeople(from: file, options: PeopleImportOptions(), actor: "hr")
        let plans = try test.database.farewellPlans(status: nil, limit: 10, as: "test").items
        #expect(plans.count == 1)
        #expect(plans.first?.left == CalendarDate(iso: "2026-10-01"))
    }

    @Test func erasureDropsWhatIsPending() throws {
        let test = try TestDatabase()
        let person = try test.add("Eva", "Gran")
        try depart(test, person, "2026-11-01")
        try test.database.erasePerson(id: person.id, actor: "dpo")
        #expect(try test.database.farewellPlans(status: nil, limit: 10, as: "test").total == 0)
        #expect(try test.database.dueFollowups(.all, limit: 10, as: "test").total == 0)
    }
}
