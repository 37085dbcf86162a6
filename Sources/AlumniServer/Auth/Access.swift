import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Who an API request acts as, for the store calls that decide what they may do. The store's
/// refusals become 403 (``AccessRefused``) and 404 problems in ``Problem/from(_:)``.
struct Access {
    let store: Store

    /// The staff member behind the request, as the actor of store calls.
    func actor(_ request: Request, _ context: AlumniRequestContext) throws -> Caller {
        try context.requireUser().actor(via: "\(request.method.rawValue) \(request.uri.path)")
    }

    /// Goes on if the store says the caller may do `action`; else a 403 after it audited the
    /// attempt. For the calendar routes, which compute rather than read stored data.
    func require(_ action: StaffAction, _ request: Request, _ context: AlumniRequestContext) async throws {
        try await store.authorize(action, try actor(request, context))
    }
}
