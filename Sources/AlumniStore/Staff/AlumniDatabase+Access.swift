import AlumniCore
import Foundation

/// The actor may not do what was asked; the attempt was audited. The one refusal of every
/// front end: the API answers 403, the desk its error page, the command line exit 77.
public struct AccessRefused: Error, Equatable, CustomStringConvertible {
    public let actor: Caller
    /// What was refused, after "may not": "read pension inquiries".
    public let what: String

    public var description: String {
        "\(actor.role.map { "the \($0.rawValue) role" } ?? actor.name) may not \(what)"
    }
}

extension AlumniDatabase {
    /// Lets `actor` go on if they may do `action`; else audits the attempt and throws
    /// ``AccessRefused``. Every gated store call starts here.
    public func authorize(_ action: StaffAction, _ actor: Caller, personId: Int64? = nil) throws {
        guard actor.may(action) else { throw try refusal(action.phrase, actor, personId: personId) }
    }

    /// Lets `actor` go on with staff account `name` if it is their own or they may manage staff.
    func authorizeOwnOrStaff(_ name: String, _ actor: Caller) throws {
        if actor.role != nil, actor.name == name { return }
        try authorize(.manageStaff, actor)
    }

    /// Audits that `actor` was refused `what` and returns the error to throw.
    func refusal(_ what: String, _ actor: Caller, personId: Int64? = nil) throws -> AccessRefused {
        let refused = AccessRefused(actor: actor, what: what)
        try recordAccessDenied(
            personId: personId, actor: actor.name,
            detail: [refused.description, actor.via].compactMap { $0 }
                .joined(separator: ": "))
        return refused
    }

    /// `query` as `actor` may run it: the inquiry types they may see (all of those when the
    /// query names none; refused when it names one they may not see), and the cases' words
    /// only for an actor who reads them.
    func scoped(_ query: InquiryQuery, for actor: Caller) throws -> InquiryQuery {
        try authorize(.listInquiries, actor)
        var query = query
        query.types = try visibleTypes(query.types, for: actor)
        query.withText = query.withText && actor.readsCaseText
        return query
    }

    /// `requested` if `actor` may see every one of those inquiry types (nil: every type they may
    /// see); else audited and refused.
    func visibleTypes(_ requested: [InquiryType]?, for actor: Caller) throws -> [InquiryType]? {
        switch actor.inquiryTypes(requested) {
        case .success(let types): return types
        case .failure(let hidden): throw try refusal("see \(hidden.type.rawValue) inquiries", actor)
        }
    }

    /// Inquiry #`id`, if `actor` may read (or, with `write`, change) inquiries of its type.
    /// An actor who may read some types gets the same ``StoreError/notFound(_:)`` for an
    /// inquiry they may not see as for one that does not exist, so ids cannot be probed; one
    /// who may read none is refused before the inquiry is looked up.
    public func inquiry(id: Int64, as actor: Caller, write: Bool = false) throws -> Inquiry {
        let action = { (type: InquiryType) in write ? StaffAction.writeInquiry(type) : .readInquiry(type) }
        guard InquiryType.allCases.contains(where: { actor.may(action($0)) }) else {
            throw try refusal(write ? "work on inquiries" : "read inquiries", actor)
        }
        let inquiry = try inquiry(id: id)
        try checkInquiry(inquiry, actor, write: write)
        return inquiry
    }

    /// Lets `actor` go on with `inquiry` if they may read (or change) its type; else audits
    /// the attempt and answers as for an inquiry that does not exist.
    func checkInquiry(_ inquiry: Inquiry, _ actor: Caller, write: Bool) throws {
        guard actor.may(write ? .writeInquiry(inquiry.type) : .readInquiry(inquiry.type)) else {
            _ = try refusal(
                "\(write ? "work on" : "read") \(inquiry.type.rawValue) inquiry #\(inquiry.id)", actor,
                personId: inquiry.personId)
            throw StoreError.notFound("inquiry #\(inquiry.id)")
        }
    }
}
