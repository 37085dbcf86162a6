import AlumniCore
import Foundation

/// The role may not do what was asked; the attempt was audited.
public struct AccessRefused: Error, Equatable, CustomStringConvertible {
    public let role: StaffRole

    public var description: String { "the \(role.rawValue) role may not do this" }
}

extension AlumniDatabase {
    /// Lets `user` go on if their role may do `action`; else audits the attempt (`detail` says
    /// what it was) and throws ``AccessRefused``. Every front end asks here.
    public func authorize(_ action: StaffAction, user: StaffUser, personId: Int64? = nil, detail: String) throws {
        guard user.role.may(action) else {
            try recordAccessDenied(personId: personId, actor: user.name, detail: "\(detail) as \(user.role.rawValue)")
            throw AccessRefused(role: user.role)
        }
    }

    /// Inquiry #`id`, if `user`'s role may read (or, with `write`, change) inquiries of its type.
    /// A role that may read some types gets the same ``StoreError/notFound(_:)`` for an inquiry
    /// it may not see as for one that does not exist, so ids cannot be probed; one that may
    /// read none is refused before the inquiry is looked up.
    public func inquiry(id: Int64, for user: StaffUser, write: Bool, detail: String) throws -> Inquiry {
        let action = { (type: InquiryType) in write ? StaffAction.writeInquiry(type) : .readInquiry(type) }
        guard InquiryType.allCases.contains(where: { user.role.may(action($0)) }) else {
            try recordAccessDenied(personId: nil, actor: user.name, detail: "\(detail) as \(user.role.rawValue)")
            throw AccessRefused(role: user.role)
        }
        let inquiry = try inquiry(id: id)
        guard user.role.may(action(inquiry.type)) else {
            try recordAccessDenied(
                personId: inquiry.personId, actor: user.name, detail: "\(detail) as \(user.role.rawValue)")
            throw StoreError.notFound("inquiry #\(id)")
        }
        return inquiry
    }
}
