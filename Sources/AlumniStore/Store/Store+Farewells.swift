import AlumniCore
import Foundation

/// The farewell lists through `Store`.
extension Store {
    /// Farewells by status (all when nil), soonest due first; with `countLimit`, counted up to
    /// one past it.
    public func farewellPlans(
        status: FarewellPlan.Status?, limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller
    ) async throws -> Page<FarewellPlan> {
        switch self {
        case .sqlite(let database):
            try database.farewellPlans(
                status: status, limit: limit, offset: offset, countLimit: countLimit, as: caller)
        case .postgres(let store):
            try await store.farewellPlans(
                status: status, limit: limit, offset: offset, countLimit: countLimit, as: caller)
        }
    }

    /// Skipped farewells of people nobody has said goodbye to since, soonest due first: the
    /// goodbyes still owed; with `countLimit`, counted up to one past it.
    public func goodbyesOwed(limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller) async throws
        -> Page<FarewellPlan>
    {
        switch self {
        case .sqlite(let database):
            try database.goodbyesOwed(limit: limit, offset: offset, countLimit: countLimit, as: caller)
        case .postgres(let store):
            try await store.goodbyesOwed(limit: limit, offset: offset, countLimit: countLimit, as: caller)
        }
    }
}

extension Store {
    /// Sends every farewell that is due: a message in the outbox and the farewell recorded.
    /// Whether the person may be emailed is decided now; one who may not is skipped with the reason.
    public func sendDueFarewells(renderer: any FarewellRenderer, batch: Int = 200) async throws -> FarewellRunReport {
        switch self {
        case .sqlite(let database): try database.sendDueFarewells(renderer: renderer, batch: batch)
        case .postgres(let store): try await store.sendDueFarewells(renderer: renderer, batch: batch)
        }
    }
}

extension Store {
    /// The coordinator's overview: `shown` of each list (check-ins due, farewells going out,
    /// goodbyes owed, silent departures, campaigns), each counted up to one past `countLimit`.
    public func coordinatorOverview(shown: Int, countLimit: Int, as caller: Caller) async throws
        -> CoordinatorOverview
    {
        switch self {
        case .sqlite(let database): try database.coordinatorOverview(shown: shown, countLimit: countLimit, as: caller)
        case .postgres(let store): try await store.coordinatorOverview(shown: shown, countLimit: countLimit, as: caller)
        }
    }
}
