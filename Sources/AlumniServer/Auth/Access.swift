import AlumniCore
import AlumniStore
import Hummingbird

/// Access checks for handlers: 403 for a role that may not, with the attempt audited.
struct Access {
    let database: AlumniDatabase

    /// The staff member, if their role may do `action`; else a 403 after auditing the attempt.
    @discardableResult
    func require(
        _ action: StaffAction, _ request: Request, _ context: AlumniRequestContext, personId: Int64? = nil
    ) throws -> StaffUser {
        let user = try context.requireUser()
        guard user.role.may(action) else {
            try database.recordAudit(
                "access.denied", personId: personId, actor: user.name,
                detail: "\(request.method.rawValue) \(request.uri.path) as \(user.role.rawValue)")
            throw Problem(.forbidden, detail: "the \(user.role.rawValue) role may not do this")
        }
        return user
    }
}
