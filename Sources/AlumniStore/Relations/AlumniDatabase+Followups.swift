import AlumniCore
import Foundation
import GRDB

extension Followup: FetchableRecord {
    public init(row: Row) throws {
        let name = [row["given_name"], row["family_name"]].compactMap { $0 as String? }.joined(separator: " ")
        self.init(
            id: row["id"], personId: row["person_id"], personName: name, left: row["left_on"], months: row["months"],
            due: row["due_on"], doneAt: row["done_at"], outcome: row["outcome"], note: row["note"],
            doneBy: row["done_by"])
    }
}

extension Followup.Outcome: DatabaseValueConvertible {}

extension AlumniDatabase {
    /// Check-ins not done yet that are `due` (by today unless told otherwise), oldest first,
    /// for people who are still on record.
    public func dueFollowups(
        _ due: FollowupsDue = .today, limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller
    ) throws
        -> Page<Followup>
    {
        try authorize(.readPeople, caller)
        let through: CalendarDate? =
            switch due {
            case .today: try businessCalendar().day(of: clock.now())
            case .by(let day): day
            case .all: nil
            }
        return try writer.read { db in
            try dueFollowups(through: through, limit: limit, offset: offset, countLimit: countLimit, in: db)
        }
    }

    /// Open check-ins due by `through` (all of them when nil).
    func dueFollowups(through: CalendarDate?, limit: Int, offset: Int, countLimit: Int?, in db: Database) throws
        -> Page<Followup>
    {
        let condition = """
            followup.done_at IS NULL AND person.erased_at IS NULL \(through == nil ? "" : "AND followup.due_on <= ?")
            """
        let arguments: StatementArguments = through.map { [$0] } ?? []
        let from = "FROM followup JOIN person ON person.id = followup.person_id WHERE \(condition)"
        // Counted on the check-ins alone (their partial index): erasure deletes a person's
        // open check-ins, so none of them belongs to an erased person.
        let total = try Page<Followup>.count(
            db, "SELECT 1 FROM followup WHERE done_at IS NULL \(through == nil ? "" : "AND due_on <= ?")",
            arguments, upTo: countLimit, offset + limit)
        let items = try Followup.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT followup.*, person.given_name, person.family_name \(from)
                    ORDER BY followup.due_on, followup.id LIMIT ? OFFSET ?
                    """), arguments: arguments + [limit, offset])
        return Page(
            items: items, total: total, limit: limit, offset: offset,
            countLimit: countLimit.map { max($0, offset + limit) })
    }

    /// Records how a check-in went; `returned` counts the person as a boomerang.
    public func completeFollowup(id: Int64, outcome: Followup.Outcome, note: String?, actor: Caller) throws -> Followup
    {
        try authorize(.writePeople, actor)
        let actor = actor.name
        return try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT person_id, done_at FROM followup WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound("follow-up #\(id)") }
            guard row["done_at"] as Date? == nil else {
                throw ValidationFailure([FieldError(field: "id", reason: "follow-up #\(id) is already done")])
            }
            let now = clock.now()
            try db.execute(
                sql: "UPDATE followup SET done_at = ?, outcome = ?, note = ?, done_by = ? WHERE id = ?",
                arguments: [now.stored, outcome, note?.trimmedForStorage, actor, id])
            try AuditLog.record(
                "followup.done", personId: row["person_id"], actor: actor, at: now, detail: outcome.rawValue, in: db)
            return try Followup.fetchOne(
                db,
                sql: """
                    SELECT followup.*, person.given_name, person.family_name
                    FROM followup JOIN person ON person.id = followup.person_id WHERE followup.id = ?
                    """, arguments: [id])!
        }
    }

    /// Farewells, check-ins and returns so far.
    public func relationsReport(as caller: Caller) throws -> RelationsReport {
        try authorize(.readReport, caller)
        let today = try businessCalendar().day(of: clock.now())
        return try writer.read { db in
            func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
            }
            return RelationsReport(
                farewellsSent: try count("SELECT COUNT(*) FROM farewell_plan WHERE status = 'sent'"),
                farewellsRecorded: try count("SELECT COUNT(*) FROM farewell WHERE actor <> 'alumni'"),
                farewellsSkipped: try count("SELECT COUNT(*) FROM farewell_plan WHERE status = 'skipped'"),
                checkInsDone: try count("SELECT COUNT(*) FROM followup WHERE done_at IS NOT NULL"),
                checkInsDue: try count(
                    "SELECT COUNT(*) FROM followup WHERE done_at IS NULL AND due_on <= ?", [today]),
                boomerangs: try count("SELECT COUNT(DISTINCT person_id) FROM followup WHERE outcome = 'returned'"))
        }
    }
}
