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

    public init() {}

    /// The setting keys, as `alumni config set` takes them.
    public enum Key: String, CaseIterable, Sendable {
        case timeZone = "timezone"
        case calendarCountry = "calendar.country"
        case departureSilenceDays = "departure.silence_days"
        case departureLookbackDays = "departure.lookback_days"
        case farewellDelayDays = "farewell.delay_days"
        case followupMonths = "followup.months"
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
        }
    }

    /// The business calendar these settings describe, with the organisation's closing days.
    public func calendar(closingDays: [CalendarDate: String]) -> BusinessCalendar {
        BusinessCalendar(
            country: calendarCountry, timeZone: TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!,
            closingDays: closingDays)
    }
}
