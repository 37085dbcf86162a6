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
        OrganisationSettings(rows: try Row.fetchAll(db.cachedStatement(sql: OrganisationSettings.selectSQL)))
    }

    /// Changes one setting after checking its value.
    public func setSetting(_ key: OrganisationSettings.Key, to value: String, actor: Caller) throws {
        try authorize(.configure, actor)
        let actor = actor.name
        let stored = try OrganisationSettings.checked(key, value)
        try write { db in
            try db.execute(sql: OrganisationSettings.upsertSQL, arguments: [key.rawValue, stored])
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
        let reason = try ClosingDays.checkedReason(reason)
        try write { db in
            try db.execute(sql: ClosingDays.upsertSQL, arguments: [day, reason])
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
            try db.execute(sql: ClosingDays.deleteSQL, arguments: [day])
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
        ClosingDays.days(rows: try Row.fetchAll(db.cachedStatement(sql: ClosingDays.selectSQL)))
    }

    // MARK: - Deadline policies

    /// Every inquiry type's policy.
    public func deadlinePolicies() throws -> [DeadlinePolicy] {
        try writer.read { db in try InquiryType.allCases.map { try policy(for: $0, in: db) } }
    }

    func policy(for type: InquiryType, in db: Database) throws -> DeadlinePolicy {
        DeadlinePolicy(type: type, row: try Row.fetchOne(db, sql: DeadlinePolicy.selectSQL, arguments: [type]))
    }

    /// Replaces a type's policy. Inquiries already open keep their deadlines until their next step.
    public func setPolicy(_ policy: DeadlinePolicy, actor: Caller) throws {
        try authorize(.configure, actor)
        let actor = actor.name
        try policy.check()
        try write { db in
            try db.execute(sql: DeadlinePolicy.upsertSQL, arguments: StatementArguments(policy.storedValues))
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
