import AlumniCore
import Foundation
import GRDB

/// The SQL and dates of planning departures' farewells and follow-up check-ins, shared by both stores.
enum DeparturePlanning {
    /// Departures within the look-back window (cut-off day) with no plan for their date yet;
    /// `one`, only the person whose id is bound last.
    static func unplannedSQL(one: Bool) -> String {
        """
        SELECT id, left_on FROM person
        WHERE left_on >= ? AND erased_at IS NULL \(one ? "AND id = ?" : "")
          AND NOT EXISTS (
              SELECT 1 FROM farewell_plan WHERE person_id = person.id AND farewell_plan.left_on = person.left_on)
        ORDER BY id
        """
    }

    /// A departure date that changed replaces what was still pending for the old one (id, left).
    static let dropPendingFarewellSQL =
        "DELETE FROM farewell_plan WHERE person_id = ? AND status = 'scheduled' AND left_on <> ?"
    static let dropPendingFollowupsSQL = "DELETE FROM followup WHERE person_id = ? AND done_at IS NULL AND left_on <> ?"
    static let scheduleFarewellSQL = """
        INSERT INTO farewell_plan (person_id, left_on, due_at, status, created_at)
        VALUES (?, ?, ?, 'scheduled', ?)
        """
    static let scheduleFollowupSQL = """
        INSERT INTO followup (person_id, left_on, months, due_on) VALUES (?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    /// The first day a departure is planned from at `now`.
    static func cutoff(settings: OrganisationSettings, calendar: BusinessCalendar, now: Date) -> CalendarDate {
        calendar.day(of: now).adding(days: -settings.departureLookbackDays)
    }

    /// The farewell and check-ins of person `id`'s departure on `left`, planned at `now`.
    struct Plan {
        let id: Int64
        let left: CalendarDate
        /// When the farewell is due: the delay after the departure, and not before now.
        let farewellDue: Date
        /// Each check-in's months after the departure and its day.
        let followups: [(months: Int, day: CalendarDate)]

        init(id: Int64, left: CalendarDate, settings: OrganisationSettings, calendar: BusinessCalendar, now: Date) {
            self.id = id
            self.left = left
            farewellDue = max(now, calendar.startOfDay(left.adding(days: settings.farewellDelayDays)))
            followups = settings.followupMonths.map { ($0, left.adding(months: $0)) }
        }

        /// The statements that make the plan at `now`, one by one.
        func statements(now: Date) -> [(sql: String, values: [DatabaseValue])] {
            let pair = [id.databaseValue, left.databaseValue]
            return [
                (dropPendingFarewellSQL, pair), (dropPendingFollowupsSQL, pair),
                (scheduleFarewellSQL, pair + [farewellDue.stored.databaseValue, now.stored.databaseValue]),
            ]
                + followups.map { (scheduleFollowupSQL, pair + [$0.months.databaseValue, $0.day.databaseValue]) }
        }
    }
}

extension AlumniDatabase {
    /// Schedules a farewell and the follow-up check-ins for departures within the look-back
    /// window that have none yet: one person's (`personId`), or everyone's after an import.
    /// A departure date that changed replaces what was still pending for the old one.
    func planDepartures(of personId: Int64?, in db: Database) throws {
        let settings = try settings(in: db)
        let calendar = try businessCalendar(in: db)
        let now = clock.now()
        let rows = try Row.fetchAll(
            db, sql: DeparturePlanning.unplannedSQL(one: personId != nil),
            arguments: [DeparturePlanning.cutoff(settings: settings, calendar: calendar, now: now)]
                + (personId.map { [$0] } ?? []))
        for row in rows {
            let plan = DeparturePlanning.Plan(
                id: row["id"], left: row["left_on"], settings: settings, calendar: calendar, now: now)
            for statement in plan.statements(now: now) {
                try db.cachedStatement(sql: statement.sql).execute(arguments: StatementArguments(statement.values))
            }
        }
    }
}
