import AlumniCore
import GRDB

/// The SQL and the rules of the organisation's settings, closing days and deadline policies,
/// shared by both stores.
extension OrganisationSettings {
    static let selectSQL = "SELECT key, value FROM setting"
    static let upsertSQL =
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"

    /// The settings stored in `rows` (of ``selectSQL``), defaults for the rest.
    init(rows: [Row]) {
        self.init()
        for row in rows {
            guard let key = Key(rawValue: row["key"]) else { continue }
            try? set(key, to: row["value"])
        }
    }

    /// `value` as it is stored for `key`, or the reason it cannot be.
    static func checked(_ key: Key, _ value: String) throws -> String {
        var settings = OrganisationSettings()
        do {
            try settings.set(key, to: value)
        } catch {
            throw ValidationFailure([error])
        }
        return settings.value(of: key)
    }
}

/// The organisation's own closing days.
enum ClosingDays {
    static let selectSQL = "SELECT day, reason FROM closing_day"
    static let upsertSQL =
        "INSERT INTO closing_day (day, reason) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET reason = excluded.reason"
    static let deleteSQL = "DELETE FROM closing_day WHERE day = ?"

    static func days(rows: [Row]) -> [CalendarDate: String] {
        var days: [CalendarDate: String] = [:]
        for row in rows {
            if let day = CalendarDate.fromDatabaseValue(row["day"]) { days[day] = row["reason"] }
        }
        return days
    }

    /// The reason trimmed; none is an error.
    static func checkedReason(_ reason: String) throws -> String {
        guard let reason = reason.trimmedForStorage else {
            throw ValidationFailure([FieldError(field: "reason", reason: "is required")])
        }
        return reason
    }
}

extension DeadlinePolicy {
    static let selectSQL = "SELECT * FROM deadline_policy WHERE type = ?"
    static let upsertSQL = """
        INSERT INTO deadline_policy (type, first_response, resolution, max_extension_months, silence_limit_days)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (type) DO UPDATE SET first_response = excluded.first_response,
            resolution = excluded.resolution, max_extension_months = excluded.max_extension_months,
            silence_limit_days = excluded.silence_limit_days
        """

    /// `type`'s policy as `row` (of ``selectSQL``) stores it, else the standard one.
    init(type: InquiryType, row: Row?) {
        guard let row else {
            self = .standard(for: type)
            return
        }
        self.init(
            type: type, firstResponse: row["first_response"], resolution: row["resolution"],
            maxExtensionMonths: row["max_extension_months"], silenceLimitBusinessDays: row["silence_limit_days"])
    }

    /// The values ``upsertSQL`` binds.
    var storedValues: [(any DatabaseValueConvertible)?] {
        [type, firstResponse, resolution, maxExtensionMonths, silenceLimitBusinessDays]
    }

    /// Throws the fields a policy may not have.
    func check() throws {
        var errors: [FieldError] = []
        if maxExtensionMonths < 0 {
            errors.append(FieldError(field: "max-extension", reason: "cannot be negative"))
        }
        if silenceLimitBusinessDays < 1 {
            errors.append(FieldError(field: "silence", reason: "must be at least 1 business day"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
    }
}
