import Foundation

/// Settings of the organisation that rules depend on, with their defaults.
public struct OrganisationSettings: Equatable, Sendable, Codable {
    /// The zone deadlines are counted in; a deadline is the end of a business day here.
    public var timeZone: String = "Europe/Copenhagen"
    /// Whose public holidays are days off.
    public var calendarCountry: HolidayCountry = .DK
    /// Days after leaving without a farewell before a departure counts as silent.
    public var departureSilenceDays: Int = 14
    /// How far back departures are watched for a missing farewell, so that years of imported
    /// history do not all show up as silent.
    public var departureLookbackDays: Int = 365
    /// Days after leaving before the farewell email goes out.
    public var farewellDelayDays: Int = 2
    /// Months after leaving when the coordinator checks in, in order.
    public var followupMonths: [Int] = [6, 24]
    /// How long people are kept (docs/configuration.md gives the reasons for the defaults).
    public var retention = RetentionRules()
    /// How mail that comes in is filed and how bounces count.
    public var mail = MailRules()
    /// Business days ahead that an inquiry's next deadline counts as due soon.
    public var dueSoonBusinessDays: Int = InquiryCondition.defaultDueSoonBusinessDays
    /// Calendar days after an inquiry is closed during which the person's new message on it
    /// (from the portal) reopens it; later, a new inquiry that follows it is opened.
    public var reopenWindowDays: Int = 30

    public init() {}

    /// The setting keys, as `alumni config set` takes them.
    public enum Key: String, CaseIterable, Sendable {
        case timeZone = "timezone"
        case calendarCountry = "calendar.country"
        case departureSilenceDays = "departure.silence_days"
        case departureLookbackDays = "departure.lookback_days"
        case farewellDelayDays = "farewell.delay_days"
        case followupMonths = "followup.months"
        case retentionCustomerErase = "retention.customer.erase_years"
        case retentionCustomerMinimise = "retention.customer.minimise_years"
        case retentionEmployeeMinimise = "retention.employee.minimise_years"
        case retentionEmployeeErase = "retention.employee.erase_years"
        case retentionWarningDays = "retention.warning_days"
        case mailRoutes = "mail.routes"
        case mailSoftBounceLimit = "mail.soft_bounce_limit"
        case mailSoftBounceDays = "mail.soft_bounce_days"
        case dueSoonDays = "inquiry.due_soon_days"
        case reopenWindowDays = "inquiry.reopen_days"
    }

    /// Sets `key` from text, checking it.
    public mutating func set(_ key: Key, to text: String) throws(FieldError) {
        switch key {
        case .timeZone:
            guard TimeZone(identifier: text) != nil else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a time zone (like Europe/Oslo)")
            }
            timeZone = text
        case .calendarCountry:
            guard let country = HolidayCountry(rawValue: text.uppercased()) else {
                throw FieldError(
                    field: key.rawValue,
                    reason: "'\(text)' is not one of \(HolidayCountry.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            calendarCountry = country
        case .departureSilenceDays, .departureLookbackDays, .farewellDelayDays:
            guard let days = Int(text), days >= 0 else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number of days")
            }
            switch key {
            case .departureSilenceDays: departureSilenceDays = days
            case .departureLookbackDays: departureLookbackDays = days
            default: farewellDelayDays = days
            }
        case .followupMonths:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard parts.allSatisfy({ ($0 ?? 0) >= 1 }), parts.count <= 12 else {
                throw FieldError(
                    field: key.rawValue, reason: "'\(text)' is not a list of months after leaving, like 6,24")
            }
            followupMonths = Array(Set(parts.compactMap { $0 })).sorted()
        case .retentionWarningDays:
            if text.lowercased() == "off" {
                retention.warningDays = nil
            } else if let days = Int(text), (1...365).contains(days) {
                retention.warningDays = days
            } else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number of days (1–365) or off")
            }
        case .mailRoutes:
            guard let routes = MailRules.parseRoutes(text) else {
                throw FieldError(
                    field: key.rawValue,
                    reason:
                        "'\(text)' is not a list like pension@example.com=pension (types: \(InquiryType.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            mail.routes = routes
        case .dueSoonDays:
            guard let days = Int(text), (0...30).contains(days) else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number of business days from 0 to 30")
            }
            dueSoonBusinessDays = days
        case .reopenWindowDays:
            guard let days = Int(text), (0...365).contains(days) else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number of days from 0 to 365")
            }
            reopenWindowDays = days
        case .mailSoftBounceLimit, .mailSoftBounceDays:
            guard let number = Int(text), (1...365).contains(number) else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number from 1 to 365")
            }
            if key == .mailSoftBounceLimit { mail.softBounceLimit = number } else { mail.softBounceDays = number }
        case .retentionCustomerErase, .retentionCustomerMinimise, .retentionEmployeeMinimise, .retentionEmployeeErase:
            let years: Int?
            if text.lowercased() == "off" {
                years = nil
            } else if let number = Int(text), (1...100).contains(number) {
                years = number
            } else {
                throw FieldError(field: key.rawValue, reason: "'\(text)' is not a number of years (1–100) or off")
            }
            switch key {
            case .retentionCustomerErase: retention.customerEraseYears = years
            case .retentionCustomerMinimise: retention.customerMinimiseYears = years
            case .retentionEmployeeMinimise: retention.employeeMinimiseYears = years
            default: retention.employeeEraseYears = years
            }
        }
    }

    /// The value of `key` as text.
    public func value(of key: Key) -> String {
        switch key {
        case .timeZone: timeZone
        case .calendarCountry: calendarCountry.rawValue
        case .departureSilenceDays: String(departureSilenceDays)
        case .departureLookbackDays: String(departureLookbackDays)
        case .farewellDelayDays: String(farewellDelayDays)
        case .followupMonths: followupMonths.map(String.init).joined(separator: ",")
        case .retentionCustomerErase: Self.years(retention.customerEraseYears)
        case .retentionCustomerMinimise: Self.years(retention.customerMinimiseYears)
        case .retentionEmployeeMinimise: Self.years(retention.employeeMinimiseYears)
        case .retentionEmployeeErase: Self.years(retention.employeeEraseYears)
        case .retentionWarningDays: Self.years(retention.warningDays)
        case .mailRoutes: mail.routesText
        case .mailSoftBounceLimit: String(mail.softBounceLimit)
        case .mailSoftBounceDays: String(mail.softBounceDays)
        case .dueSoonDays: String(dueSoonBusinessDays)
        case .reopenWindowDays: String(reopenWindowDays)
        }
    }

    private static func years(_ number: Int?) -> String { number.map(String.init) ?? "off" }

    /// How inquiries stand at `now` under these settings and `calendar`.
    public func standing(at now: Date, calendar: BusinessCalendar) -> InquiryStanding {
        InquiryStanding(now: now, calendar: calendar, dueSoonBusinessDays: dueSoonBusinessDays)
    }

    /// The business calendar these settings describe, with the organisation's closing days.
    public func calendar(closingDays: [CalendarDate: String]) -> BusinessCalendar {
        BusinessCalendar(
            country: calendarCountry, timeZone: TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!,
            closingDays: closingDays)
    }
}
