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

/// The SQL and rules of check-ins, shared by both stores.
enum FollowupRows {
    /// Counts open check-ins (due by the day bound last, with `dated`), on their partial index:
    /// erasure deletes a person's open check-ins, so none of them belongs to an erased person.
    static func countSQL(dated: Bool) -> String {
        "SELECT 1 FROM followup WHERE done_at IS NULL \(dated ? "AND due_on <= ?" : "")"
    }

    /// A page of open check-ins of people on record, oldest first (the day, with `dated`; limit, offset).
    static func pageSQL(dated: Bool) -> String {
        """
        SELECT followup.*, person.given_name, person.family_name
        FROM followup JOIN person ON person.id = followup.person_id
        WHERE followup.done_at IS NULL AND person.erased_at IS NULL \(dated ? "AND followup.due_on <= ?" : "")
        ORDER BY followup.due_on, followup.id LIMIT ? OFFSET ?
        """
    }

    static let stateSQL = "SELECT person_id, done_at FROM followup WHERE id = ?"
    static let completeSQL = "UPDATE followup SET done_at = ?, outcome = ?, note = ?, done_by = ? WHERE id = ?"
    static let oneSQL = """
        SELECT followup.*, person.given_name, person.family_name
        FROM followup JOIN person ON person.id = followup.person_id WHERE followup.id = ?
        """

    /// The person of check-in `id` from its ``stateSQL`` row, if it is still open.
    static func openOne(_ row: Row?, id: Int64) throws -> Int64 {
        guard let row else { throw StoreError.notFound("follow-up #\(id)") }
        guard (row["done_at"] as DatabaseValue).isNull else {
            throw ValidationFailure([FieldError(field: "id", reason: "follow-up #\(id) is already done")])
        }
        return row["person_id"]
    }
}

extension FollowupsDue {
    /// The last day of the check-ins asked for (nil: all of them) when today is `today`.
    func through(today: CalendarDate) -> CalendarDate? {
        switch self {
        case .today: today
        case .by(let day): day
        case .all: nil
        }
    }
}

extension AlumniDatabase {
    /// Check-ins not done yet that are `due` (by today unless told otherwise), oldest first,
    /// for people who are still on record.
    public func dueFollowups(
        _ due: FollowupsDue = .today, limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller
    ) throws
        -> Page<Followup>
    {
        try authorize(.readPeople, caller)
        let through = due.through(today: try businessCalendar().day(of: clock.now()))
        return try writer.read { db in
            try dueFollowups(through: through, limit: limit, offset: offset, countLimit: countLimit, in: db)
        }
    }

    /// Open check-ins due by `through` (all of them when nil).
    func dueFollowups(through: CalendarDate?, limit: Int, offset: Int, countLimit: Int?, in db: Database) throws
        -> Page<Followup>
    {
        let arguments: StatementArguments = through.map { [$0] } ?? []
        let total = try Page<Followup>.count(
            db, FollowupRows.countSQL(dated: through != nil), arguments, upTo: countLimit, offset + limit)
        let items = try Followup.fetchAll(
            db.cachedStatement(sql: FollowupRows.pageSQL(dated: through != nil)),
            arguments: arguments + [limit, offset])
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
            let personId = try FollowupRows.openOne(
                try Row.fetchOne(db, sql: FollowupRows.stateSQL, arguments: [id]), id: id)
            let now = clock.now()
            try db.execute(
                sql: FollowupRows.completeSQL, arguments: [now.stored, outcome, note?.trimmedForStorage, actor, id])
            try AuditLog.record(
                "followup.done", personId: personId, actor: actor, at: now, detail: outcome.rawValue, in: db)
            return try Followup.fetchOne(db, sql: FollowupRows.oneSQL, arguments: [id])!
        }
    }

    /// Farewells, check-ins and returns so far.
    public func relationsReport(as caller: Caller) throws -> RelationsReport {
        try authorize(.readReport, caller)
        let today = try businessCalendar().day(of: clock.now())
        return try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: RelationsReport.sql, arguments: [today]) else {
                throw StoreError.refused("the relations report read no row")
            }
            return RelationsReport(row: row)
        }
    }
}
