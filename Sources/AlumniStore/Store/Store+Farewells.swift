import AlumniCore
import Foundation

/// The farewell lists through `Store`.
extension Store {
    /// Farewells by status (all when nil), soonest due first.
    public func farewellPlans(status: FarewellPlan.Status?, limit: Int, offset: Int = 0, as caller: Caller)
        async throws -> Page<FarewellPlan>
    {
        switch self {
        case .sqlite(let database):
            try database.farewellPlans(status: status, limit: limit, offset: offset, as: caller)
        case .postgres(let store):
            try await store.farewellPlans(status: status, limit: limit, offset: offset, as: caller)
        }
    }

    /// Skipped farewells of people nobody has said goodbye to since, soonest due first: the goodbyes still owed.
    public func goodbyesOwed(limit: Int, offset: Int = 0, as caller: Caller) async throws -> Page<FarewellPlan> {
        switch self {
        case .sqlite(let database): try database.goodbyesOwed(limit: limit, offset: offset, as: caller)
        case .postgres(let store): try await store.goodbyesOwed(limit: limit, offset: offset, as: caller)
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
