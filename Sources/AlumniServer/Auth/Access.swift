import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Who an API request acts as, for the store calls that decide what they may do. The store's
/// refusals become 403 (``AccessRefused``) and 404 problems in ``Problem/from(_:)``.
struct Access {
    let database: AlumniDatabase

    /// The staff member behind the request, as the actor of store calls.
    func actor(_ request: Request, _ context: AlumniRequestContext) throws -> Caller {
        try context.requireUser().actor(via: "\(request.method.rawValue) \(request.uri.path)")
    }

    /// The staff member, if their role may do `action`; else a 403 after auditing the attempt.
    /// For the store calls that do not yet take an ``Caller``.
    @discardableResult
    func require(
        _ action: StaffAction, _ request: Request, _ context: AlumniRequestContext, personId: Int64? = nil
    ) throws -> StaffUser {
        let user = try context.requireUser()
        try database.authorize(action, try actor(request, context), personId: personId)
        return user
    }
}
