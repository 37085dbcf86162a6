import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Silent cases on PostgreSQL: the SQL and rules of `SilenceRows` and `DepartureWindow`.
extension PostgresStore {
    /// Records by hand that a person was said goodbye to; ends a silent departure.
    public func recordFarewell(personId: Int64, note: String?, actor: Caller) async throws {
        try await authorize(.writePeople, actor, personId: personId)
        let now = clock.now()
        try await transaction { connection in
            try SilenceRows.checkNotErased(try await person(id: personId, on: connection))
            _ = try await rows(
                SilenceRows.recordFarewellSQL, [personId, now.stored, actor.name, note?.trimmedForStorage],
                on: connection)
            try await audit("person.farewell", personId: personId, actor: actor.name, at: now, on: connection)
        }
    }

    /// Every silent inquiry of the types `actor` may see, silent departure and unreachable
    /// person, oldest silence first, as SQLite's store lists them.
    public func silentCases(types: [InquiryType]?, as actor: Caller) async throws -> [SilentCase] {
        var query = InquiryQuery()
        query.silent = true
        query.types = types
        query = try await scoped(query, for: actor)
        let now = clock.now()
        let (whereSQL, arguments) = try query.whereClause(now: now)
        return try await snapshot { connection in
            let inquiries = try await rows(SilenceRows.inquiriesSQL(where: whereSQL), arguments, on: connection)
                .map(SilentCase.init(inquiry:))
            return SilentCase.listed(
                inquiries + (try await silentDepartures(now: now, on: connection))
                    + (try await unreachablePeople(on: connection)), withText: query.withText)
        }
    }

    /// People whose address bounced while they were owed news, longest first.
    public func unreachablePeople(as caller: Caller) async throws -> [SilentCase] {
        try await authorize(.readPeople, caller)
        return try await unreachablePeople().sorted { $0.silentSince < $1.silentSince }
    }

    func unreachablePeople(on connection: PostgresConnection? = nil) async throws -> [SilentCase] {
        try await rows(SilenceRows.unreachableSQL, on: connection).map(SilentCase.init(unreachable:))
    }

    /// The oldest `limit` silent departures, with how many there are (up to one past `countLimit`).
    public func silentDepartures(limit: Int, countLimit: Int, as caller: Caller) async throws -> Page<SilentCase> {
        try await authorize(.readPeople, caller)
        let now = clock.now()
        return try await snapshot { connection in
            let window = try await departureWindow(now: now, on: connection)
            let total =
                try await rows(
                    Page<SilentCase>.countSQL("SELECT 1 \(window.sql)", limited: true),
                    window.values + [(max(countLimit, limit) + 1).databaseValue], on: connection
                ).first.map { $0[0] as Int } ?? 0
            return Page(
                items: try await rows(
                    window.rowsSQL(limited: true), window.values + [limit.databaseValue], on: connection
                ).map(window.silentCase), total: total, limit: limit, offset: 0, countLimit: max(countLimit, limit))
        }
    }

    func silentDepartures(now: Date, on connection: PostgresConnection) async throws -> [SilentCase] {
        let window = try await departureWindow(now: now, on: connection)
        return try await rows(window.rowsSQL(limited: false), window.values, on: connection).map(window.silentCase)
    }

    private func departureWindow(now: Date, on connection: PostgresConnection) async throws -> DepartureWindow {
        DepartureWindow(
            now: now, settings: try await settings(on: connection),
            calendar: try await businessCalendar(on: connection))
    }
}

extension PostgresStore {
    /// Counts for monitoring, as SQLite's store counts them.
    public func inquiryGauges() async throws -> InquiryGauges {
        let (sql, values) = InquiryGauges.sql(now: clock.now())
        return try await rows(sql, values).first.map(InquiryGauges.init(row:))
            ?? InquiryGauges(open: 0, overdue: 0, silent: 0)
    }
}
