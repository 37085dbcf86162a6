import Foundation

/// Who a campaign is for: every condition set must hold; an empty segment is everyone.
///
/// Pension notices narrow it to the people in one provider's plan (optionally one plan)
/// whose arrangement overlaps `coveredFrom`…`coveredTo`.
public struct CampaignSegment: Equatable, Sendable, Codable {
    public var kinds: [PersonKind] = []
    /// Departed on or after this day.
    public var leftAfter: CalendarDate?
    /// Departed on or before this day.
    public var leftBefore: CalendarDate?
    public var countries: [String] = []
    public var languages: [Language] = []
    /// People with any of these tags.
    public var tags: [String] = []
    /// People who worked for this employer entity (any period).
    public var employer: String?
    public var pensionProvider: String?
    public var pensionPlan: String?
    /// With a provider: arrangements that cover some of this period.
    public var coveredFrom: CalendarDate?
    public var coveredTo: CalendarDate?
    public var sentiments: [Sentiment] = []

    public init() {}

    /// Every condition may be left out (a client sends only those it sets).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kinds = try container.decodeIfPresent([PersonKind].self, forKey: .kinds) ?? []
        leftAfter = try container.decodeIfPresent(CalendarDate.self, forKey: .leftAfter)
        leftBefore = try container.decodeIfPresent(CalendarDate.self, forKey: .leftBefore)
        countries = try container.decodeIfPresent([String].self, forKey: .countries) ?? []
        languages = try container.decodeIfPresent([Language].self, forKey: .languages) ?? []
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        employer = try container.decodeIfPresent(String.self, forKey: .employer)
        pensionProvider = try container.decodeIfPresent(String.self, forKey: .pensionProvider)
        pensionPlan = try container.decodeIfPresent(String.self, forKey: .pensionPlan)
        coveredFrom = try container.decodeIfPresent(CalendarDate.self, forKey: .coveredFrom)
        coveredTo = try container.decodeIfPresent(CalendarDate.self, forKey: .coveredTo)
        sentiments = try container.decodeIfPresent([Sentiment].self, forKey: .sentiments) ?? []
    }

    /// The segment cleaned up (country codes upper case), or the reasons it cannot be used.
    public func validated() throws(ValidationFailure) -> CampaignSegment {
        var clean = self
        var errors: [FieldError] = []
        clean.countries = []
        for country in countries {
            if let code = CountryCode.normalized(country.trimmingWhitespace()) {
                clean.countries.append(code)
            } else {
                errors.append(FieldError(field: "country", reason: "'\(country)' is not an ISO 3166 alpha-2 code"))
            }
        }
        if let leftAfter, let leftBefore, leftBefore < leftAfter {
            errors.append(FieldError(field: "left-before", reason: "\(leftBefore) is before left-after \(leftAfter)"))
        }
        if let coveredFrom, let coveredTo, coveredTo < coveredFrom {
            errors.append(FieldError(field: "covered-to", reason: "\(coveredTo) is before covered-from \(coveredFrom)"))
        }
        if pensionProvider == nil, pensionPlan != nil || coveredFrom != nil || coveredTo != nil {
            errors.append(
                FieldError(field: "pension-provider", reason: "is required with a pension plan or period"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }

    /// True when the segment selects by pension arrangement, so messages can merge its details.
    public var isPensionSegment: Bool { pensionProvider != nil }
}
