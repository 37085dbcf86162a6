import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Adding and changing people on PostgreSQL: the SQL and rules of `PersonRows` and
/// `DeparturePlanning`, each change audited and its departure planned in its transaction.
extension PostgresStore {
    /// Adds a person; returns them as stored.
    public func addPerson(_ fields: PersonFields, actor: Caller) async throws -> Person {
        try await authorize(.writePeople, actor)
        let clean = try fields.validated()
        let now = clock.now()
        return try await transaction { connection in
            try await person(
                id: try await insertPerson(clean, actor: actor.name, at: now, on: connection), on: connection)
        }
    }

    /// Adds a checked person inside the caller's transaction, audited as created by `actor`
    /// (nil: the caller audits it otherwise); returns their id.
    func insertPerson(_ clean: PersonFields, actor: String?, at now: Date, on connection: PostgresConnection)
        async throws -> Int64
    {
        try await checkReference(clean, of: nil, on: connection)
        let id = try await insertedId(
            PersonRows.newRows.sql(rows: 1), PersonRows.insertValues(clean, at: now), on: connection)
        try await insertTags(clean.tags ?? [], of: id, on: connection)
        if let actor { try await audit("person.created", personId: id, actor: actor, at: now, on: connection) }
        if clean.left != nil { try await planDepartures(of: id, on: connection) }
        return id
    }

    /// Changes the fields `patch` sets; with `ifVersion`, refused when the person changed since.
    public func updatePerson(id: Int64, with patch: PersonFields, ifVersion: String?, actor: Caller) async throws
        -> Person
    {
        try await authorize(.writePeople, actor, personId: id)
        return try await transaction { connection in
            try await update(
                id: id, with: patch, ifVersion: ifVersion, action: "person.updated", actor: actor.name,
                on: connection)
            if patch.left != nil { try await planDepartures(of: id, on: connection) }
            return try await person(id: id, on: connection)
        }
    }

    /// Records that a person left on `left`, and schedules their farewell and check-ins.
    public func recordDeparture(id: Int64, left: CalendarDate, reason: String?, actor: Caller) async throws -> Person {
        try await authorize(.writePeople, actor, personId: id)
        return try await transaction { connection in
            try await update(
                id: id, with: PersonFields(left: left, departureReason: reason), action: "person.departed",
                actor: actor.name, on: connection)
            try await planDepartures(of: id, on: connection)
            return try await person(id: id, on: connection)
        }
    }

    /// Applies a patch in the caller's transaction, the person's row locked, audited as `action`
    /// with the changed field names.
    func update(
        id: Int64, with patch: PersonFields, ifVersion: String? = nil, action: String, actor: String,
        on connection: PostgresConnection
    ) async throws {
        _ = try await rows("SELECT id FROM person WHERE id = ? FOR UPDATE", [id], on: connection)
        let current = try await person(id: id, on: connection)
        if let ifVersion, current.version != ifVersion { throw StoreError.stale("person #\(id)") }
        let merged = try PersonRows.merged(current, patch)
        try await checkReference(merged, of: id, on: connection)
        let now = clock.now()
        _ = try await rows(PersonRows.updateSQL, PersonRows.updateValues(id: id, merged, at: now), on: connection)
        _ = try await rows(PersonRows.deleteTagsSQL, [id], on: connection)
        try await insertTags(merged.tags ?? [], of: id, on: connection)
        if merged.email?.lowercased() != current.fields.email?.lowercased() {
            _ = try await rows(PersonRows.addressChangedSQL, [id], on: connection)
        }
        try await audit(
            action, personId: id, actor: actor, at: now, detail: PersonRows.changeDetail(current.fields, merged),
            on: connection)
    }

    /// Refuses a reference another person of the same kind holds (`id`: the person changed).
    private func checkReference(_ fields: PersonFields, of id: Int64?, on connection: PostgresConnection) async throws {
        guard let kind = fields.kind, let ref = fields.externalRef else { return }
        let holder = try await rows(PersonRows.idByReferenceSQL, [kind, ref], on: connection).first?["id"] as Int64?
        if let holder, holder != id { throw PersonRows.duplicateReference(fields, holder: holder) }
    }

    private func insertTags(_ tags: [String], of id: Int64, on connection: PostgresConnection) async throws {
        for tag in tags { _ = try await rows(PersonRows.insertTagSQL, [id, tag], on: connection) }
    }

    /// Schedules the farewell and check-ins of the departures that have none yet: person `id`'s,
    /// or (nil) everyone's after an import, a few statements for them all whatever their number
    /// (each person's values travel as arrays), where one by one a million people's would be
    /// millions of round trips.
    func planDepartures(of id: Int64?, on connection: PostgresConnection) async throws {
        let settings = try await settings(on: connection)
        let calendar = try await businessCalendar(on: connection)
        let now = clock.now()
        let plans = try await rows(
            DeparturePlanning.unplannedSQL(one: id != nil),
            [DeparturePlanning.cutoff(settings: settings, calendar: calendar, now: now).databaseValue]
                + (id.map { [$0.databaseValue] } ?? []), on: connection
        ).map {
            DeparturePlanning.Plan(id: $0["id"], left: $0["left_on"], settings: settings, calendar: calendar, now: now)
        }
        for chunk in stride(from: 0, to: plans.count, by: 10_000).map({ plans[$0..<min($0 + 10_000, plans.count)] }) {
            let ids = Self.array(chunk.map { String($0.id) })
            let days = Self.array(chunk.map(\.left.description))
            for sql in [PlanningSQL.dropPendingFarewells, PlanningSQL.dropPendingFollowups] {
                _ = try await rows(sql, [ids, days], on: connection)
            }
            _ = try await rows(
                PlanningSQL.scheduleFarewells,
                [now.stored.databaseValue, ids, days, Self.array(chunk.map { String($0.farewellDue.stored) })],
                on: connection)
            let followups = chunk.flatMap { plan in plan.followups.map { (plan, $0) } }
            _ = try await rows(
                PlanningSQL.scheduleFollowups,
                [
                    Self.array(followups.map { String($0.0.id) }), Self.array(followups.map(\.0.left.description)),
                    Self.array(followups.map { String($0.1.months) }), Self.array(followups.map(\.1.day.description)),
                ], on: connection)
        }
    }

    /// `values` as the text of a PostgreSQL array (numbers, days: nothing to quote).
    private static func array(_ values: [String]) -> DatabaseValue {
        ("{" + values.joined(separator: ",") + "}").databaseValue
    }
}

/// `DeparturePlanning`'s statements for many people at once, their values as arrays.
private enum PlanningSQL {
    static let departures = "unnest(?::bigint[], ?::date[]) AS departure (person_id, left_on)"
    static let dropPendingFarewells = """
        DELETE FROM farewell_plan USING \(departures) WHERE farewell_plan.person_id = departure.person_id
          AND farewell_plan.status = 'scheduled' AND farewell_plan.left_on <> departure.left_on
        """
    static let dropPendingFollowups = """
        DELETE FROM followup USING \(departures) WHERE followup.person_id = departure.person_id
          AND followup.done_at IS NULL AND followup.left_on <> departure.left_on
        """
    static let scheduleFarewells = """
        INSERT INTO farewell_plan (person_id, left_on, due_at, status, created_at)
        SELECT person_id, left_on, to_timestamp(due), 'scheduled', ?
        FROM unnest(?::bigint[], ?::date[], ?::float8[]) AS plan (person_id, left_on, due)
        """
    static let scheduleFollowups = """
        INSERT INTO followup (person_id, left_on, months, due_on)
        SELECT * FROM unnest(?::bigint[], ?::date[], ?::integer[], ?::date[])
        ON CONFLICT DO NOTHING
        """
}
