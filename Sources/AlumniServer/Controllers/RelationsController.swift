import AlumniCore
import AlumniStore
import Hummingbird

/// `/api/v1/farewells` and `/api/v1/followups`: the farewells departures get and the check-ins
/// that follow them, as on the desk's page of the same name; a check-in is marked done with
/// how it went.
struct RelationsController {
    let store: Store
    var access: Access { Access(store: store) }
    var idempotency: Idempotency { Idempotency(store: store) }

    /// How a check-in went.
    struct CheckInDone: Decodable {
        var outcome: Followup.Outcome
        var note: String?
    }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("farewells", use: farewells)
        group.get("followups", use: followups)
        group.post("followups/:id/done", use: followupDone)
    }

    /// Farewells by `status`, or with `owed` the goodbyes still owed.
    @Sendable func farewells(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        let status = try query.value("status", as: FarewellPlan.Status.self)
        let limit = try query.int("limit", default: 50, range: 1...500)!
        let offset = try query.int("offset", default: 0, range: 0...Int(Int32.max))!
        let caller = try access.actor(request, context)
        guard try query.bool("owed") else {
            return try APIResponse.json(
                try await store.farewellPlans(
                    status: status, limit: limit, offset: offset, as: caller))
        }
        guard status == nil else {
            // Each parameter is well formed on its own; together they break a rule: 422.
            throw Problem(
                .unprocessableContent, detail: "owed lists skipped farewells; leave out status",
                errors: [FieldError(field: "owed", reason: "lists skipped farewells; leave out status")])
        }
        return try APIResponse.json(
            try await store.goodbyesOwed(limit: limit, offset: offset, as: caller))
    }

    /// Open check-ins due on or before `through` (today when not given), or every open one with `all`.
    @Sendable func followups(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        let through = try query.date("through")
        let due: FollowupsDue = try query.bool("all") ? .all : through.map { .by($0) } ?? .today
        return try APIResponse.json(
            try await store.dueFollowups(
                due, limit: try query.int("limit", default: 50, range: 1...500)!,
                offset: try query.int("offset", default: 0, range: 0...Int(Int32.max))!,
                as: try access.actor(request, context)))
    }

    @Sendable func followupDone(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let id = try context.parameters.id()
        let caller = try access.actor(request, context)
        // The store's word before the body is read.
        try await store.authorize(.writePeople, caller)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) {
            let done = try JSONBody.decode(CheckInDone.self, from: body)
            return try APIResponse.json(
                try await store.completeFollowup(id: id, outcome: done.outcome, note: done.note, actor: caller))
        }
    }
}
