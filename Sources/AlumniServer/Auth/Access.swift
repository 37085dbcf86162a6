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
            try denied(user, request, personId: personId)
            throw Problem(.forbidden, detail: "the \(user.role.rawValue) role may not do this")
        }
        return user
    }

    /// The staff member and inquiry #`id`, if their role may `read` (or change) inquiries of its
    /// type. A role that may read some types gets the same 404 for an inquiry it may not see as
    /// for one that does not exist, so ids cannot be probed; one that may read none gets a 403
    /// before the inquiry is looked up.
    func requireInquiry(
        _ id: Int64, write: Bool, _ request: Request, _ context: AlumniRequestContext
    ) throws -> (StaffUser, Inquiry) {
        let user = try context.requireUser()
        let action = { (type: InquiryType) in write ? StaffAction.writeInquiry(type) : .readInquiry(type) }
        guard InquiryType.allCases.contains(where: { user.role.may(action($0)) }) else {
            try denied(user, request, personId: nil)
            throw Problem(.forbidden, detail: "the \(user.role.rawValue) role may not do this")
        }
        let inquiry: Inquiry
        do {
            inquiry = try database.inquiry(id: id)
        } catch StoreError.notFound {
            throw Problem(.notFound, detail: "inquiry #\(id) not found")
        }
        guard user.role.may(action(inquiry.type)) else {
            try denied(user, request, personId: inquiry.personId)
            throw Problem(.notFound, detail: "inquiry #\(id) not found")
        }
        return (user, inquiry)
    }

    /// Audits the refusal, at most once a minute per staff member.
    private func denied(_ user: StaffUser, _ request: Request, personId: Int64?) throws {
        try database.recordAccessDenied(
            personId: personId, actor: user.name,
            detail: "\(request.method.rawValue) \(request.uri.path) as \(user.role.rawValue)")
    }
}
