import AlumniCore
import Foundation

/// The farewell lists on PostgreSQL: the conditions and order of ``FarewellPlan``'s SQL.
extension PostgresStore {
    /// Farewells by status (all when nil), soonest due first.
    public func farewellPlans(
        status: FarewellPlan.Status?, limit: Int, offset: Int, countLimit: Int? = nil, as caller: Caller
    ) async throws -> Page<FarewellPlan> {
        try await authorize(.readPeople, caller)
        return try await page(
            from: "farewell_plan", where: FarewellPlan.condition(status: status), arguments: [],
            orderBy: FarewellPlan.order, limit: limit, offset: offset, countLimit: countLimit)
    }

    /// Skipped farewells of people nobody has said goodbye to since, soonest due first.
    public func goodbyesOwed(limit: Int, offset: Int, countLimit: Int? = nil, as caller: Caller) async throws
        -> Page<FarewellPlan>
    {
        try await authorize(.readPeople, caller)
        return try await page(
            from: "farewell_plan", where: FarewellPlan.owedCondition, arguments: [], orderBy: FarewellPlan.order,
            limit: limit, offset: offset, countLimit: countLimit)
    }
}

extension PostgresStore {
    /// Sends every farewell that is due, as SQLite's store does (``FarewellSending``): a
    /// message in the outbox and the farewell recorded, one transaction per batch; a plan sent
    /// twice (two servers at once) queues one message, its dedupe key decides.
    public func sendDueFarewells(renderer: any FarewellRenderer, batch: Int = 200) async throws -> FarewellRunReport {
        var report = FarewellRunReport()
        while true {
            let now = clock.now()
            let (handled, sent): (Int, Int) = try await transaction { connection in
                let plans = try await rows(
                    FarewellSending.dueSQL, FarewellSending.dueValues(now, batch), on: connection
                )
                .map(FarewellPlan.init(row:))
                let calendar = try await businessCalendar(on: connection)
                var sent = 0
                for plan in plans {
                    let person = try await person(id: plan.personId, on: connection)
                    let (saidSQL, saidValues) = FarewellSending.saidByHand(plan, calendar: calendar)
                    let decision = FarewellSending.decide(
                        plan, person: person,
                        saidByHand: !(try await rows(saidSQL, saidValues, on: connection)).isEmpty,
                        consents: try await rows(FarewellSending.consentsSQL, [plan.personId], on: connection)
                            .map(Consent.init(row:)),
                        linkVersion: try await linkVersions(of: [plan.personId], on: connection)[plan.personId] ?? 0,
                        calendar: calendar, now: now)
                    var outboxId: Int64?
                    if case .send(let notice) = decision {
                        outboxId = try await enqueue(try renderer.message(for: notice), at: now, on: connection)
                    }
                    for (sql, values) in FarewellSending.recordSQL(decision, plan: plan, outboxId: outboxId, now: now) {
                        _ = try await rows(sql, values, on: connection)
                    }
                    if case .send = decision {
                        try await audit(
                            FarewellSending.auditAction, personId: plan.personId, actor: "alumni", at: now,
                            on: connection)
                        sent += 1
                    }
                }
                return (plans.count, sent)
            }
            report.sent += sent
            report.skipped += handled - sent
            if handled < batch { return report }
        }
    }
}
