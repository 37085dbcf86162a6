import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

extension StaffUser {
    /// The staff member as the actor of a desk page's store calls. The store's refusals become
    /// the desk's 403 and 404 pages in ``ErrorPageMiddleware``.
    func actor(_ request: Request) -> Caller {
        actor(via: "desk \(request.method.rawValue) \(request.uri.path)")
    }
}

/// Access checks for desk pages whose store calls do not yet take an ``Caller``: the store's
/// rule (the same the API and the command line obey), its refusal as the desk's 403 page.
struct DeskAccess {
    let database: AlumniDatabase

    func require(_ action: StaffAction, user: StaffUser, request: Request, personId: Int64? = nil) throws {
        try database.authorize(action, user.actor(request), personId: personId)
    }
}
