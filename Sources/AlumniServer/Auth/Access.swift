import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Access checks for API handlers: the store's rules, its refusals as 403 and 404 problems.
struct Access {
    let database: AlumniDatabase

    /// The staff member, if their role may do `action`; else a 403 after auditing the attempt.
    @discardableResult
    func require(
        _ action: StaffAction, _ request: Request, _ context: AlumniRequestContext, personId: Int64? = nil
    ) throws -> StaffUser {
        let user = try context.requireUser()
        try refusalsAsProblems {
            try database.authorize(action, user: user, personId: personId, detail: Self.detail(request))
        }
        return user
    }

    /// The staff member and inquiry #`id`, if their role may `read` (or change) inquiries of its
    /// type: 404 for one it may not see, as for one that does not exist; 403 for a role that
    /// sees none.
    func requireInquiry(
        _ id: Int64, write: Bool, _ request: Request, _ context: AlumniRequestContext
    ) throws -> (StaffUser, Inquiry) {
        let user = try context.requireUser()
        let inquiry = try refusalsAsProblems {
            try database.inquiry(id: id, for: user, write: write, detail: Self.detail(request))
        }
        return (user, inquiry)
    }

    /// A file that came by mail, if the caller may read it (the store's rule).
    func attachment(_ id: Int64, _ request: Request, _ context: AlumniRequestContext) throws
        -> (InboundAttachment, Data)
    {
        let user = try context.requireUser()
        return try refusalsAsProblems {
            try database.inboundAttachment(id: id, for: user, detail: Self.detail(request))
        }
    }

    private static func detail(_ request: Request) -> String { "\(request.method.rawValue) \(request.uri.path)" }

    private func refusalsAsProblems<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refused as AccessRefused {
            throw Problem(.forbidden, detail: refused.description)
        } catch StoreError.notFound(let what) {
            throw Problem(.notFound, detail: "\(what) not found")
        }
    }
}
