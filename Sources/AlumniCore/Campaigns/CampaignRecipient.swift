import Foundation

/// One person a campaign message is rendered for, with what the templates may merge.
public struct CampaignRecipient: Sendable {
    public var person: Person
    /// Whole years with us, when joined and left are known.
    public var years: Int?
    /// The employer entity of the person's latest employment period.
    public var employer: String?
    /// For pension notices: the person's arrangement that put them in the segment.
    public var pension: PensionArrangement?
    /// The person's link version, signed into their unsubscribe and preference links.
    public var linkVersion: Int

    public init(
        person: Person, years: Int?, employer: String?, pension: PensionArrangement?, linkVersion: Int = 0
    ) {
        self.person = person
        self.years = years
        self.employer = employer
        self.pension = pension
        self.linkVersion = linkVersion
    }

    /// Every name a campaign template may merge, as ``templateValues`` and the renderer's links fill them.
    public static var mergeFields: [String] {
        PersonCSV.Column.allCases.map(\.rawValue) + [
            "years", "one_year", "employer", "pension_provider", "pension_plan", "pension_reference", "pension_from",
            "pension_to", "unsubscribe_url", "preferences_url", "topic",
        ]
    }

    /// The values templates see: the import's CSV column names (`given_name`, `left`, …), then
    /// `years` (when at least one), `one_year`, `employer` and the `pension_…` fields. Empty values are left out, so
    /// `{{#left}}…{{/left}}` sections work.
    public var templateValues: [String: Any] {
        var values: [String: Any] = [:]
        for (column, value) in zip(PersonCSV.Column.allCases, PersonCSV.row(for: person.fields)) where !value.isEmpty {
            values[column.rawValue] = value
        }
        if let years, years > 0 {
            values["years"] = years
            values["one_year"] = years == 1
        }
        if let employer { values["employer"] = employer }
        if let pension {
            values["pension_provider"] = pension.provider
            values["pension_plan"] = pension.plan
            values["pension_reference"] = pension.reference
            values["pension_from"] = pension.from.description
            if let to = pension.to { values["pension_to"] = to.description }
        }
        return values
    }
}
