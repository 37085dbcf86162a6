import AlumniCore
import Foundation

/// The steps of an inquiry's life (``InquiryStep``), each `actor`'s and refused as an inquiry
/// not found when they may not work on its type. `ifUnchangedSince` is the id of the newest
/// thread event the caller saw: when the thread has moved on since, the step is refused with
/// `StoreError.stale`.
extension Store {
    /// An answer to the requester; the first one meets the first-response deadline.
    public func reply(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        switch self {
        case .sqlite(let database): try database.reply(toInquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.reply(toInquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// An internal note: not an answer, changes no deadline.
    public func addNote(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        switch self {
        case .sqlite(let database):
            try database.addNote(toInquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.addNote(toInquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// The requester wrote again (at `at`, default now); a stopped resolution clock starts again.
    public func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: Caller) async throws
        -> Inquiry
    {
        switch self {
        case .sqlite(let database): try database.recordInbound(toInquiry: id, body: body, at: at, actor: actor)
        case .postgres(let store): try await store.recordInbound(toInquiry: id, body: body, at: at, actor: actor)
        }
    }

    /// Asks the requester for something; the resolution clock stops until they write.
    public func askRequester(inquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        switch self {
        case .sqlite(let database):
            try database.askRequester(inquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.askRequester(inquiry: id, body: body, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// Gives the inquiry to `owner` (nil: unassigned).
    public func assign(inquiry id: Int64, to owner: String?, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        switch self {
        case .sqlite(let database): try database.assign(inquiry: id, to: owner, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.assign(inquiry: id, to: owner, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// Gives each of inquiries `ids` to `owner` (nil: unassigned), all or none.
    public func assign(inquiries ids: [Int64], to owner: String?, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.assign(inquiries: ids, to: owner, actor: actor)
        case .postgres(let store): try await store.assign(inquiries: ids, to: owner, actor: actor)
        }
    }

    /// Hands every open inquiry of `from` to `to`; returns how many moved.
    public func reassignInquiries(from: String, to: String, actor: Caller) async throws -> Int {
        switch self {
        case .sqlite(let database): try database.reassignInquiries(from: from, to: to, actor: actor)
        case .postgres(let store): try await store.reassignInquiries(from: from, to: to, actor: actor)
        }
    }

    /// Extends the resolution deadline once, within the policy's limit, for a stated reason.
    public func extend(
        inquiry id: Int64, byMonths months: Int, reason: String, actor: Caller, ifUnchangedSince seen: Int64? = nil
    ) async throws -> Inquiry {
        switch self {
        case .sqlite(let database):
            try database.extend(inquiry: id, byMonths: months, reason: reason, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.extend(
                inquiry: id, byMonths: months, reason: reason, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// Closes the inquiry with a resolution; it meets the resolution deadline.
    public func close(inquiry id: Int64, resolution: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        switch self {
        case .sqlite(let database):
            try database.close(inquiry: id, resolution: resolution, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store):
            try await store.close(inquiry: id, resolution: resolution, actor: actor, ifUnchangedSince: seen)
        }
    }

    /// Opens a closed inquiry again, with a fresh resolution clock.
    public func reopen(inquiry id: Int64, actor: Caller, ifUnchangedSince seen: Int64? = nil) async throws -> Inquiry {
        switch self {
        case .sqlite(let database): try database.reopen(inquiry: id, actor: actor, ifUnchangedSince: seen)
        case .postgres(let store): try await store.reopen(inquiry: id, actor: actor, ifUnchangedSince: seen)
        }
    }
}
