import AlumniCore
import AlumniStore
import Hummingbird

/// `/api/v1/audit`: the audit log, for admins.
struct AuditController {
    let store: Store
    var access: Access { Access(store: store) }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        return try APIResponse.json(
            try await store.auditEvents(
                personId: try query.id("person"), limit: try query.int("limit", default: 100, range: 1...1000)!,
                offset: try query.int("offset", default: 0, range: 0...Int(Int32.max))!,
                as: try access.actor(request, context)))
    }
}
