import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Check-ins and legal holds on PostgreSQL: the SQL and rules of `FollowupRows` and `LegalHold`.
extension PostgresStore {
    /// Check-ins not done yet that are `due`, oldest first, for people who are still on record.
    public func dueFollowups(_ due: FollowupsDue, limit: Int, offset: Int, countLimit: Int?, as caller: Caller)
        async throws -> Page<Followup>
    {
        try await authorize(.readPeople, caller)
        let through = due.through(today: try await businessCalendar().day(of: clock.now()))
        let day = through.map { [$0.databaseValue] } ?? []
        let countLimit = countLimit.map { max($0, offset + limit) }
        return try await snapshot { connection in
            let total =
                try await rows(
                    Page<Followup>.countSQL(FollowupRows.countSQL(dated: through != nil), limited: countLimit != nil),
                    day + (countLimit.map { [($0 + 1).databaseValue] } ?? []), on: connection
                ).first.map { $0[0] as Int } ?? 0
            let items = try await rows(
                FollowupRows.pageSQL(dated: through != nil), day + [limit.databaseValue, offset.databaseValue],
                on: connection
            ).map(Followup.init(row:))
            return Page(items: items, total: total, limit: limit, offset: offset, countLimit: countLimit)
        }
    }

    /// Records how a check-in went; `returned` counts the person as a boomerang.
    public func completeFollowup(id: Int64, outcome: Followup.Outcome, note: String?, actor: Caller) async throws
        -> Followup
    {
        try await authorize(.writePeople, actor)
        let now = clock.now()
        return try await transaction { connection in
            let personId = try FollowupRows.openOne(
                try await rows(FollowupRows.stateSQL + " FOR UPDATE", [id], on: connection).first, id: id)
            _ = try await rows(
                FollowupRows.completeSQL, [now.stored, outcome, note?.trimmedForStorage, actor.name, id],
                on: connection)
            try await audit(
                "followup.done", personId: personId, actor: actor.name, at: now, detail: outcome.rawValue,
                on: connection)
            return try Followup(row: try await rows(FollowupRows.oneSQL, [id], on: connection)[0])
        }
    }

    /// Places (with a reason) or lifts a legal hold.
    public func setLegalHold(personId: Int64, on: Bool, reason: String?, actor: Caller) async throws {
        try await authorize(.writeRestricted, actor, personId: personId)
        let reason = try LegalHold.checkedReason(reason, on: on)
        let now = clock.now()
        try await transaction { connection in
            try LegalHold.checkNotErased(try await person(id: personId, on: connection))
            _ = try await rows(LegalHold.setSQL, [on ? reason : nil, on ? now.stored : nil, personId], on: connection)
            try await audit(
                LegalHold.action(on: on), personId: personId, actor: actor.name, at: now, detail: on ? reason : nil,
                on: connection)
        }
    }

    /// The reason of person `personId`'s legal hold, nil when none stands.
    public func legalHold(personId: Int64) async throws -> String? {
        try await rows(LegalHold.reasonSQL, [personId]).first?["legal_hold_reason"]
    }
}
