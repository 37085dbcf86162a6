import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// The organisation's settings, closing days and deadline policies on PostgreSQL: the SQL and
/// rules of `AlumniDatabase+Settings`, each change audited in its transaction.
extension PostgresStore {
    public func settings(on connection: PostgresConnection? = nil) async throws -> OrganisationSettings {
        OrganisationSettings(rows: try await rows(OrganisationSettings.selectSQL, on: connection))
    }

    public func setSetting(_ key: OrganisationSettings.Key, to value: String, actor: Caller) async throws {
        try await authorize(.configure, actor)
        let stored = try OrganisationSettings.checked(key, value)
        try await auditedChange("setting.changed", detail: key.rawValue, actor: actor) { connection in
            _ = try await rows(OrganisationSettings.upsertSQL, [key.rawValue, stored], on: connection)
        }
    }

    public func closingDays(on connection: PostgresConnection? = nil) async throws -> [CalendarDate: String] {
        ClosingDays.days(rows: try await rows(ClosingDays.selectSQL, on: connection))
    }

    /// The organisation's business calendar: its country's holidays, its closing days, its time zone.
    public func businessCalendar(on connection: PostgresConnection? = nil) async throws -> BusinessCalendar {
        try await settings(on: connection).calendar(closingDays: closingDays(on: connection))
    }

    /// How inquiries stand now: the clock, the calendar and the "due soon" setting.
    public func inquiryStanding() async throws -> InquiryStanding {
        let now = clock.now()
        let settings = try await settings()
        return settings.standing(at: now, calendar: settings.calendar(closingDays: try await closingDays()))
    }

    public func addClosingDay(_ day: CalendarDate, reason: String, actor: Caller) async throws {
        try await authorize(.configure, actor)
        let reason = try ClosingDays.checkedReason(reason)
        try await auditedChange("calendar.closed", detail: day.description, actor: actor) { connection in
            _ = try await rows(ClosingDays.upsertSQL, [day, reason], on: connection)
        }
    }

    /// Removes a closing day; returns false when there was none (and audits nothing).
    public func removeClosingDay(_ day: CalendarDate, actor: Caller) async throws -> Bool {
        try await authorize(.configure, actor)
        return try await transaction { connection in
            let removed = try await rows(ClosingDays.deleteSQL + " RETURNING day", [day], on: connection)
            guard !removed.isEmpty else { return false }
            try await audit(
                "calendar.reopened", personId: nil, actor: actor.name, at: clock.now(), detail: day.description,
                on: connection)
            return true
        }
    }

    public func deadlinePolicies() async throws -> [DeadlinePolicy] {
        var policies: [DeadlinePolicy] = []
        for type in InquiryType.allCases { policies.append(try await policy(for: type)) }
        return policies
    }

    func policy(for type: InquiryType, on connection: PostgresConnection? = nil) async throws -> DeadlinePolicy {
        DeadlinePolicy(type: type, row: try await rows(DeadlinePolicy.selectSQL, [type], on: connection).first)
    }

    public func setPolicy(_ policy: DeadlinePolicy, actor: Caller) async throws {
        try await authorize(.configure, actor)
        try policy.check()
        let values = policy.storedValues.map { $0?.databaseValue ?? .null }
        try await auditedChange("policy.changed", detail: policy.type.rawValue, actor: actor) { connection in
            _ = try await rows(DeadlinePolicy.upsertSQL, values, on: connection)
        }
    }
}
