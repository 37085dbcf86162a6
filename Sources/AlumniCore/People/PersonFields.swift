/// The facts about a person that staff type in or import. Every field is optional so the
/// same value serves as a new person (missing means empty) and as an update (missing means
/// unchanged).
public struct PersonFields: Equatable, Sendable, Codable {
    public var givenName: String?
    public var familyName: String?
    public var email: String?
    public var phone: String?
    public var address: String?
    public var country: String?
    public var language: Language?
    public var kind: PersonKind?
    public var externalRef: String?
    public var joined: CalendarDate?
    public var left: CalendarDate?
    public var departureReason: String?
    public var sentiment: Sentiment?
    public var tags: [String]?

    public init(
        givenName: String? = nil, familyName: String? = nil, email: String? = nil, phone: String? = nil,
        address: String? = nil, country: String? = nil, language: Language? = nil, kind: PersonKind? = nil,
        externalRef: String? = nil, joined: CalendarDate? = nil, left: CalendarDate? = nil,
        departureReason: String? = nil, sentiment: Sentiment? = nil, tags: [String]? = nil
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.phone = phone
        self.address = address
        self.country = country
        self.language = language
        self.kind = kind
        self.externalRef = externalRef
        self.joined = joined
        self.left = left
        self.departureReason = departureReason
        self.sentiment = sentiment
        self.tags = tags
    }

    /// `self` with every field that `patch` sets replaced by the patch's value.
    public func applying(_ patch: PersonFields) -> PersonFields {
        PersonFields(
            givenName: patch.givenName ?? givenName, familyName: patch.familyName ?? familyName,
            email: patch.email ?? email, phone: patch.phone ?? phone, address: patch.address ?? address,
            country: patch.country ?? country, language: patch.language ?? language, kind: patch.kind ?? kind,
            externalRef: patch.externalRef ?? externalRef, joined: patch.joined ?? joined, left: patch.left ?? left,
            departureReason: patch.departureReason ?? departureReason, sentiment: patch.sentiment ?? sentiment,
            tags: patch.tags ?? tags)
    }
}
