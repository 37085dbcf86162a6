import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Who may do what, on PostgreSQL: the same rules as SQLite's (`AlumniDatabase+Access`), a
/// refusal audited at most once a minute per staff member.
extension PostgresStore {
    func authorize(_ action: StaffAction, _ actor: Caller, personId: Int64? = nil) async throws {
        guard actor.may(action) else { throw try await refusal(action.phrase, actor, personId: personId) }
    }

    /// The refusal of what `actor` may not do (`what`, after "may not"), audited.
    func refusal(_ what: String, _ actor: Caller, personId: Int64? = nil) async throws -> AccessRefused {
        let refused = AccessRefused(actor: actor, what: what)
        try await recordAccessDenied(
            personId: personId, actor: actor.name,
            detail: [refused.description, actor.via].compactMap { $0 }.joined(separator: ": "))
        return refused
    }

    private func recordAccessDenied(personId: Int64?, actor: String, detail: String, interval: TimeInterval = 60)
        async throws
    {
        let now = clock.now()
        let since = now.addingTimeInterval(-interval)
        try await transaction { connection in
            let recent = try await connection.query(
                "SELECT 1 FROM audit_event WHERE actor = \(actor) AND action = 'access.denied' AND at > \(since) LIMIT 1",
                logger: logger
            ).collect()
            guard recent.isEmpty else { return }
            try await audit("access.denied", personId: personId, actor: actor, at: now, detail: detail, on: connection)
        }
    }

    /// `query` as `actor` may run it: the rule of SQLite's `scoped(_:for:)`.
    func scoped(_ query: InquiryQuery, for actor: Caller) async throws -> InquiryQuery {
        try await authorize(.listInquiries, actor)
        var query = query
        query.types = try await visibleTypes(query.types, for: actor)
        query.withText = query.withText && actor.readsCaseText
        return query
    }

    /// `requested` if `actor` may see every one of those inquiry types (nil: every type they may
    /// see); else audited and refused, as SQLite's `visibleTypes(_:for:)`.
    func visibleTypes(_ requested: [InquiryType]?, for actor: Caller) async throws -> [InquiryType]? {
        switch actor.inquiryTypes(requested) {
        case .success(let types): return types
        case .failure(let hidden): throw try await refusal("see \(hidden.type.rawValue) inquiries", actor)
        }
    }

    /// Inquiry #`id`, if `actor` may read (or, with `write`, change) inquiries of its type: the
    /// rule of SQLite's `inquiry(id:as:write:)`, an inquiry they may not see answered as missing.
    public func inquiry(id: Int64, as actor: Caller, write: Bool = false) async throws -> Inquiry {
        let action = { (type: InquiryType) in write ? StaffAction.writeInquiry(type) : .readInquiry(type) }
        guard InquiryType.allCases.contains(where: { actor.may(action($0)) }) else {
            throw try await refusal(write ? "work on inquiries" : "read inquiries", actor)
        }
        let inquiry = try await inquiry(id: id)
        guard actor.may(action(inquiry.type)) else {
            _ = try await refusal(
                "\(write ? "work on" : "read") \(inquiry.type.rawValue) inquiry #\(inquiry.id)", actor,
                personId: inquiry.personId)
            throw StoreError.notFound("inquiry #\(inquiry.id)")
        }
        return inquiry
    }

    /// Runs `body` and audits it as `action` in one transaction.
    func auditedChange(
        _ action: String, detail: String, actor: Caller, _ body: (PostgresConnection) async throws -> Void
    ) async throws {
        try await transaction { connection in
            try await body(connection)
            try await audit(action, personId: nil, actor: actor.name, at: clock.now(), detail: detail, on: connection)
        }
    }

    /// Writes an audit entry on `connection`, inside the caller's transaction.
    func audit(
        _ action: String, personId: Int64?, actor: String, at: Date, detail: String? = nil,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO audit_event (at, actor, action, person_id, detail)
            VALUES (\(at), \(actor), \(action), \(personId), \(detail))
            """, logger: logger)
    }

    /// The staff account `name` as the actor of a store call, reaching it through `via`.
    func staffActor(named name: String, via: String?) async throws -> Caller {
        guard let row = try await rows("SELECT name, role, disabled_at FROM staff_user WHERE name = ?", [name]).first
        else { throw StoreError.notFound("staff user '\(name)'") }
        guard (row["disabled_at"] as DatabaseValue).isNull else {
            throw ValidationFailure([FieldError(field: "as", reason: "the account '\(name)' is disabled")])
        }
        guard let role = StaffRole(rawValue: row["role"]) else {
            throw StoreError.notFound("the role of staff user '\(name)'")
        }
        return Caller(name: name, standing: .staff(role), via: via)
    }
}
