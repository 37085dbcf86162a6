import AlumniCore
import Foundation

/// Check-ins and legal holds through `Store`.
extension Store {
    /// Check-ins not done yet that are `due` (by today unless told otherwise), oldest first.
    public func dueFollowups(
        _ due: FollowupsDue = .today, limit: Int, offset: Int = 0, countLimit: Int? = nil, as caller: Caller
    ) async throws -> Page<Followup> {
        switch self {
        case .sqlite(let database):
            try database.dueFollowups(due, limit: limit, offset: offset, countLimit: countLimit, as: caller)
        case .postgres(let store):
            try await store.dueFollowups(due, limit: limit, offset: offset, countLimit: countLimit, as: caller)
        }
    }

    /// Records how a check-in went; `returned` counts the person as a boomerang.
    public func completeFollowup(id: Int64, outcome: Followup.Outcome, note: String?, actor: Caller) async throws
        -> Followup
    {
        switch self {
        case .sqlite(let database): try database.completeFollowup(id: id, outcome: outcome, note: note, actor: actor)
        case .postgres(let store): try await store.completeFollowup(id: id, outcome: outcome, note: note, actor: actor)
        }
    }

    /// Places (with a reason) or lifts a legal hold: while it stands, retention keeps the person.
    public func setLegalHold(personId: Int64, on: Bool, reason: String?, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setLegalHold(personId: personId, on: on, reason: reason, actor: actor)
        case .postgres(let store):
            try await store.setLegalHold(personId: personId, on: on, reason: reason, actor: actor)
        }
    }

    /// The reason of person `personId`'s legal hold, nil when none stands.
    public func legalHold(personId: Int64) async throws -> String? {
        switch self {
        case .sqlite(let database): try database.legalHold(personId: personId)
        case .postgres(let store): try await store.legalHold(personId: personId)
        }
    }
}
