import AlumniCore
import Foundation

/// The farewell lists on PostgreSQL: the conditions and order of ``FarewellPlan``'s SQL.
extension PostgresStore {
    /// Farewells by status (all when nil), soonest due first.
    public func farewellPlans(status: FarewellPlan.Status?, limit: Int, offset: Int, as caller: Caller)
        async throws -> Page<FarewellPlan>
    {
        try await authorize(.readPeople, caller)
        return try await page(
            from: "farewell_plan", where: FarewellPlan.condition(status: status), arguments: [],
            orderBy: FarewellPlan.order, limit: limit, offset: offset)
    }

    /// Skipped farewells of people nobody has said goodbye to since, soonest due first.
    public func goodbyesOwed(limit: Int, offset: Int, as caller: Caller) async throws -> Page<FarewellPlan> {
        try await authorize(.readPeople, caller)
        return try await page(
            from: "farewell_plan", where: FarewellPlan.owedCondition, arguments: [], orderBy: FarewellPlan.order,
            limit: limit, offset: offset)
    }
}
