import AlumniCore
import Foundation
import GRDB

extension HolidayCountry: DatabaseValueConvertible {}
extension InquiryType: DatabaseValueConvertible {}
extension InquiryStatus: DatabaseValueConvertible {}
extension InquiryChannel: DatabaseValueConvertible {}
extension InquiryEvent.Kind: DatabaseValueConvertible {}

extension DeadlineSpan: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> DeadlineSpan? {
        String.fromDatabaseValue(dbValue).flatMap(DeadlineSpan.init)
    }
}

extension AlumniDatabase {
    // MARK: - Organisation settings

    /// The organisation's settings, defaults filled in.
    public func settings() throws -> OrganisationSettings {
        try writer.read { db in try settings(in: db) }
    }

    func settings(in db: Database) throws -> OrganisationSettings {
        var settings = OrganisationSettings()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM setting")) {
            guard let key = OrganisationSettings.Key(rawValue: row["key"]) else { continue }
            try? settings.set(key, to: row["value"])
        }
        return settings
    }

    /// Changes one setting after checking its value.
    public func setSetting(_ key: OrganisationSettings.Key, to value: String, actor: Caller) throws {
        try authorize(.configure, actor)
        let actor = actor.name
        var settings = OrganisationSettings()
        do {
            try settings.set(key, to: value)
        } catch {
            throw ValidationFailure([error])
        }
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key.rawValue, settings.value(of: key)])
            try AuditLog.record(
                "setting.changed", personId: nil, actor: actor, at: clock.now(), detail: key.rawValue, in: db)
        }
    }

    // MARK: - Calendar

    /// The organisation's business calendar: its country's holidays, its closing days, its time zone.
    public func businessCalendar() throws -> BusinessCalendar {
        try writer.read { db in try businessCalendar(in: db) }
    }

    func businessCalendar(in db: Database) throws -> BusinessCalendar {
        try settings(in: db).calendar(closingDays: closingDays(in: db))
    }

    /// How inquiries stand now: the clock, the calendar and the "due soon" setting, from which
    /// every front end takes an inquiry's conditions.
    public func inquiryStanding() throws -> InquiryStanding {
        let now = clock.now()
        return try writer.read { db in try inquiryStanding(at: now, in: db) }
    }

    func inquiryStanding(at now: Date, in db: Database) throws -> InquiryStanding {
        let settings = try settings(in: db)
        return settings.standing(at: now, calendar: settings.calendar(closingDays: try closingDays(in: db)))
    }

    /// Adds (or renames) one of the organisation's own closing days.
    public func addClosingDay(_ day: CalendarDate, reason: String, actor: Caller) throws {
        try authorize(.configure, actor)
        let actor = actor.name
        guard let reason = reason.trimmedForStorage else {
            throw ValidationFailure([FieldError(field: "reason", reason: "is required")])
        }
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO closing_day (day, reason) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET reason = excluded.reason",
                arguments: [day, reason])
            try AuditLog.record(
                "calendar.closed", personId: nil, actor: actor, at: clock.now(), detail: day.description, in: db)
        }
    }

    /// Removes a closing day; returns false when there was none.
    @discardableResult
    public func removeClosingDay(_ day: CalendarDate, actor: Caller) throws -> Bool {
        try authorize(.configure, actor)
        let actor = actor.name
        return try write { db in
            try db.execute(sql: "DELETE FROM closing_day WHERE day = ?", arguments: [day])
            guard db.changesCount > 0 else { return false }
            try AuditLog.record(
                "calendar.reopened", personId: nil, actor: actor, at: clock.now(), detail: day.description, in: db)
            return true
        }
    }

    /// The organisation's closing days with their reasons.
    public func closingDays() throws -> [CalendarDate: String] {
        try writer.read { db in try closingDays(in: db) }
    }

    private func closingDays(in db: Database) throws -> [CalendarDate: String] {
        var days: [CalendarDate: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT day, reason FROM closing_day")) {
            if let day = CalendarDate.fromDatabaseValue(row["day"]) { days[day] = row["reason"] }
        }
        return days
    }

    // MARK: - Deadline policies

    /// Every inquiry type's policy.
    public func deadlinePolicies() throws -> [DeadlinePolicy] {
        try writer.read { db in try InquiryType.allCases.map { try policy(for: $0, in: db) } }
    }

    func policy(for type: InquiryType, in db: Database) throws -> DeadlinePolicy {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deadline_policy WHERE type = ?", arguments: [type])
        else {
            return DeadlinePolicy.standard(for: type)
        }
        return DeadlinePolicy(
            type: type, firstResponse: row["first_response"], resolution: row["resolution"],
            maxExtensionMonths: row["max_extension_months"], silenceLimitBusinessDays: row["silence_limit_days"])
    }

    /// Replaces a type's policy. Inquiries already open keep their deadlines until their next step.
    public func setPolicy(_ policy: DeadlinePolicy, actor: Caller) throws {
        try authorize(.configure, actor)
        let actor = actor.name
        var errors: [FieldError] = []
        if policy.maxExtensionMonths < 0 {
            errors.append(FieldError(field: "max-extension", reason: "cannot be negative"))
        }
        if policy.silenceLimitBusinessDays < 1 {
            errors.append(FieldError(field: "silence", reason: "must be at least 1 business day"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO deadline_policy (type, first_response, resolution, max_extension_months, silence_limit_days)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (type) DO UPDATE SET first_response = excluded.first_response,
                        resolution = excluded.resolution, max_extension_months = excluded.max_extension_months,
                        silence_limit_days = excluded.silence_limit_days
                    """,
                arguments: [
                    policy.type, policy.firstResponse, policy.resolution, policy.maxExtensionMonths,
                    policy.silenceLimitBusinessDays,
                ])
            try AuditLog.record(
                "policy.changed", personId: nil, actor: actor, at: clock.now(), detail: policy.type.rawValue, in: db)
        }
    }
}

extension String {
    /// The text trimmed, or nil when nothing is left.
    var trimmedForStorage: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
