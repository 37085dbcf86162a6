import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Schedules a farewell and the follow-up check-ins for departures within the look-back
    /// window that have none yet: one person's (`personId`), or everyone's after an import.
    /// A departure date that changed replaces what was still pending for the old one.
    func planDepartures(of personId: Int64?, in db: Database) throws {
        let settings = try settings(in: db)
        let calendar = try businessCalendar(in: db)
        let now = clock.now()
        let cutoff = calendar.day(of: now).adding(days: -settings.departureLookbackDays)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, left_on FROM person
                WHERE left_on >= ? AND erased_at IS NULL \(personId == nil ? "" : "AND id = ?")
                  AND NOT EXISTS (
                      SELECT 1 FROM farewell_plan WHERE person_id = person.id AND farewell_plan.left_on = person.left_on)
                """,
            arguments: [cutoff] + (personId.map { [$0] } ?? []))
        for row in rows {
            let id: Int64 = row["id"]
            let left: CalendarDate = row["left_on"]
            try db.cachedStatement(
                sql: "DELETE FROM farewell_plan WHERE person_id = ? AND status = 'scheduled' AND left_on <> ?"
            ).execute(arguments: [id, left])
            try db.cachedStatement(
                sql: "DELETE FROM followup WHERE person_id = ? AND done_at IS NULL AND left_on <> ?"
            ).execute(arguments: [id, left])
            let due = max(now, calendar.startOfDay(left.adding(days: settings.farewellDelayDays)))
            try db.cachedStatement(
                sql: """
                    INSERT INTO farewell_plan (person_id, left_on, due_at, status, created_at)
                    VALUES (?, ?, ?, 'scheduled', ?)
                    """
            ).execute(arguments: [id, left, due.stored, now.stored])
            for months in settings.followupMonths {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO followup (person_id, left_on, months, due_on) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """
                ).execute(arguments: [id, left, months, left.adding(months: months)])
            }
        }
    }
}
