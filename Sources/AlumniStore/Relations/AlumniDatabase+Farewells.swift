import AlumniCore
import Foundation
import GRDB

extension FarewellPlan: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            id: row["id"], personId: row["person_id"], left: row["left_on"], dueAt: row["due_at"],
            status: row["status"], skipReason: row["skip_reason"], outboxId: row["outbox_id"])
    }
}

extension FarewellPlan.Status: DatabaseValueConvertible {}

/// What one farewell pass did.
public struct FarewellRunReport: Sendable, Encodable, Equatable {
    public var sent = 0
    public var skipped = 0

    public init(sent: Int = 0, skipped: Int = 0) {
        self.sent = sent
        self.skipped = skipped
    }
}

extension AlumniDatabase {
    /// Sends every farewell that is due: a message in the outbox and the farewell recorded, in
    /// one transaction per batch. Whether the person may be emailed is decided now, not when the
    /// departure was recorded; one who may not is skipped with the reason, and their departure
    /// stays silent until someone says goodbye another way.
    public func sendDueFarewells(renderer: any FarewellRenderer, batch: Int = 200) throws -> FarewellRunReport {
        var report = FarewellRunReport()
        while true {
            let handled = try write { db in
                let now = clock.now()
                let plans = try FarewellPlan.fetchAll(
                    db, sql: FarewellSending.dueSQL,
                    arguments: StatementArguments(FarewellSending.dueValues(now, batch)))
                for plan in plans {
                    if try sendFarewell(plan, renderer: renderer, now: now, in: db) {
                        report.sent += 1
                    } else {
                        report.skipped += 1
                    }
                }
                return plans.count
            }
            if handled < batch { return report }
        }
    }

    /// Sends one farewell, or records why it was skipped; true when sent.
    private func sendFarewell(_ plan: FarewellPlan, renderer: any FarewellRenderer, now: Date, in db: Database)
        throws -> Bool
    {
        let person = try PersonRows.fetch(id: plan.personId, in: db)
        let calendar = try businessCalendar(in: db)
        let (saidSQL, saidValues) = FarewellSending.saidByHand(plan, calendar: calendar)
        let decision = FarewellSending.decide(
            plan, person: person,
            saidByHand: try Row.fetchOne(db, sql: saidSQL, arguments: StatementArguments(saidValues)) != nil,
            consents: try Consent.fetchAll(db, sql: FarewellSending.consentsSQL, arguments: [plan.personId]),
            linkVersion: try linkVersions(of: [person.id], in: db)[person.id] ?? 0, calendar: calendar, now: now)
        let outboxId: Int64?
        switch decision {
        case .skip:
            outboxId = nil
        case .send(let notice):
            outboxId = try enqueue(try renderer.message(for: notice), at: now, in: db)
        }
        for (sql, values) in FarewellSending.recordSQL(decision, plan: plan, outboxId: outboxId, now: now) {
            try db.execute(sql: sql, arguments: StatementArguments(values))
        }
        if case .send = decision {
            try AuditLog.record(FarewellSending.auditAction, personId: plan.personId, actor: "alumni", at: now, in: db)
            return true
        }
        return false
    }

    /// Farewells by status (all when nil), soonest due first.
    public func farewellPlans(
        status: FarewellPlan.Status?, limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller
    ) throws
        -> Page<FarewellPlan>
    {
        try authorize(.readPeople, caller)
        return try writer.read { db in
            try farewellPlans(status: status, limit: limit, offset: offset, countLimit: countLimit, in: db)
        }
    }

    func farewellPlans(
        status: FarewellPlan.Status?, limit: Int, offset: Int, countLimit: Int?, in db: Database
    ) throws -> Page<FarewellPlan> {
        try Page.fetch(
            db, from: "farewell_plan", where: FarewellPlan.condition(status: status), arguments: [],
            orderBy: FarewellPlan.order, limit: limit, offset: offset, countLimit: countLimit)
    }

    /// Skipped farewells of people nobody has said goodbye to since (``recordFarewell(personId:note:actor:)``
    /// ends one), soonest due first: the goodbyes still owed.
    public func goodbyesOwed(limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller) throws
        -> Page<FarewellPlan>
    {
        try authorize(.readPeople, caller)
        return try writer.read { db in try goodbyesOwed(limit: limit, offset: offset, countLimit: countLimit, in: db) }
    }

    func goodbyesOwed(limit: Int, offset: Int, countLimit: Int?, in db: Database) throws -> Page<FarewellPlan> {
        try Page.fetch(
            db, from: "farewell_plan", where: FarewellPlan.owedCondition, arguments: [], orderBy: FarewellPlan.order,
            limit: limit, offset: offset, countLimit: countLimit)
    }
}

/// The SQL of the farewell lists, the same on both stores.
extension FarewellPlan {
    /// Plans of `status` (all when nil). The status is written out, not bound, so the partial
    /// index of scheduled plans serves.
    static func condition(status: Status?) -> String {
        status.map { "status = '\($0.rawValue)'" } ?? "TRUE"
    }

    /// Skipped farewells of people nobody has said goodbye to since.
    static let owedCondition = """
        status = 'skipped' AND NOT EXISTS (
            SELECT 1 FROM farewell WHERE farewell.person_id = farewell_plan.person_id
              AND farewell.at >= farewell_plan.due_at)
        """

    /// Soonest due first.
    static let order = "due_at, id"
}

/// Sending the farewells that are due, the same on both stores: which plans, whether each may
/// go (decided now, not when the departure was recorded), and what is recorded either way.
enum FarewellSending {
    /// A farewell recorded by hand this many days before leaving, or later, makes the email unneeded.
    static let windowDays = 30
    static let auditAction = "person.farewell-sent"

    /// The next `batch` scheduled plans due by `now`, soonest first.
    static let dueSQL =
        "SELECT * FROM farewell_plan WHERE status = 'scheduled' AND due_at <= ? ORDER BY due_at, id LIMIT ?"
    static func dueValues(_ now: Date, _ batch: Int) -> [DatabaseValue] {
        [now.stored.databaseValue, batch.databaseValue]
    }

    static let consentsSQL = "SELECT * FROM consent WHERE person_id = ?"

    /// A row when a goodbye was said by hand around the last day (recorded with `people farewell`).
    static func saidByHand(_ plan: FarewellPlan, calendar: BusinessCalendar) -> (String, [DatabaseValue]) {
        (
            "SELECT 1 FROM farewell WHERE person_id = ? AND at >= ? LIMIT 1",
            [
                plan.personId.databaseValue,
                calendar.startOfDay(plan.left.adding(days: -windowDays)).stored.databaseValue,
            ]
        )
    }

    enum Decision {
        case send(FarewellNotice)
        case skip(reason: String)
    }

    /// Whether the farewell goes: not when said by hand, nor to a person who may not be emailed.
    static func decide(
        _ plan: FarewellPlan, person: Person, saidByHand: Bool, consents: [Consent], linkVersion: Int,
        calendar: BusinessCalendar, now: Date
    ) -> Decision {
        if let barrier = saidByHand
            ? "recorded by hand" : FarewellNotice.emailBarrier(person: person, consents: consents)
        {
            return .skip(reason: barrier)
        }
        return .send(
            FarewellNotice(
                planId: plan.id, person: person, years: person.yearsWithUs(today: calendar.day(of: now)),
                linkVersion: linkVersion))
    }

    /// The plan marked sent (with its message) and the farewell recorded, or the plan skipped with its reason.
    static func recordSQL(_ decision: Decision, plan: FarewellPlan, outboxId: Int64?, now: Date)
        -> [(String, [DatabaseValue])]
    {
        switch decision {
        case .skip(let reason):
            [
                (
                    "UPDATE farewell_plan SET status = 'skipped', skip_reason = ? WHERE id = ?",
                    [reason.databaseValue, plan.id.databaseValue]
                )
            ]
        case .send:
            [
                (
                    "UPDATE farewell_plan SET status = 'sent', outbox_id = ? WHERE id = ?",
                    [outboxId.databaseValue, plan.id.databaseValue]
                ),
                (
                    "INSERT INTO farewell (person_id, at, actor, note) VALUES (?, ?, 'alumni', 'farewell email')",
                    [plan.personId.databaseValue, now.stored.databaseValue]
                ),
            ]
        }
    }
}
