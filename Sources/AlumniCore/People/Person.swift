import Foundation

/// Someone who used to work for us or buy from us: an alumnus.
public struct Person: Identifiable, Equatable, Sendable, Codable {
    public var id: Int64
    public var fields: PersonFields
    /// How the person prefers to be reached, in their words ("call me, don't book a meeting").
    public var preferredChannel: ContactChannel?
    public var contactNote: String?
    /// Overrides every consent: nothing is sent to this person.
    public var doNotContact: Bool
    /// Set once the personal data was erased; the record stays for statistics only.
    public var erasedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, fields: PersonFields, preferredChannel: ContactChannel? = nil, contactNote: String? = nil,
        doNotContact: Bool = false, erasedAt: Date? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.fields = fields
        self.preferredChannel = preferredChannel
        self.contactNote = contactNote
        self.doNotContact = doNotContact
        self.erasedAt = erasedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, preferredChannel, contactNote, doNotContact, erasedAt, createdAt, updatedAt
    }

    /// Decodes the flat JSON that ``encode(to:)`` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), fields: try PersonFields(from: decoder),
            preferredChannel: try container.decodeIfPresent(ContactChannel.self, forKey: .preferredChannel),
            contactNote: try container.decodeIfPresent(String.self, forKey: .contactNote),
            doNotContact: try container.decode(Bool.self, forKey: .doNotContact),
            erasedAt: try container.decodeIfPresent(Date.self, forKey: .erasedAt),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            updatedAt: try container.decode(Date.self, forKey: .updatedAt))
    }

    /// Encodes the person as one flat object: the id, the fields and the contact settings side by side.
    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(preferredChannel, forKey: .preferredChannel)
        try container.encodeIfPresent(contactNote, forKey: .contactNote)
        try container.encode(doNotContact, forKey: .doNotContact)
        try container.encodeIfPresent(erasedAt, forKey: .erasedAt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    /// Changes whenever the person is written: the basis of HTTP ETags.
    public var version: String {
        "\(id)-\(Int64((updatedAt.timeIntervalSince1970 * 1_000_000).rounded()))"
    }

    /// "Given Family", or a placeholder once erased.
    public var displayName: String {
        guard erasedAt == nil else { return "(erased #\(id))" }
        return [fields.givenName, fields.familyName].compactMap { $0 }.joined(separator: " ")
    }

    /// Whole years between joining and leaving (or `today` while still with us), if both are known.
    public func yearsWithUs(today: CalendarDate) -> Int? {
        guard let joined = fields.joined else { return nil }
        let end = fields.left ?? today
        var years = end.year - joined.year
        if (end.month, end.day) < (joined.month, joined.day) { years -= 1 }
        return max(0, years)
    }
}

/// A stretch of employment with one employer entity, possibly abroad at a sister company.
public struct EmploymentPeriod: Identifiable, Equatable, Sendable, Codable {
    public var id: Int64?
    public var personId: Int64
    public var entity: String
    public var country: String
    public var from: CalendarDate
    public var to: CalendarDate?

    public init(
        id: Int64? = nil, personId: Int64, entity: String, country: String, from: CalendarDate, to: CalendarDate?
    ) {
        self.id = id
        self.personId = personId
        self.entity = entity
        self.country = country
        self.from = from
        self.to = to
    }

    /// The period cleaned up, or the reasons it cannot be stored.
    public func validated() throws(ValidationFailure) -> EmploymentPeriod {
        var clean = self
        var errors: [FieldError] = []
        if let entity = entity.trimmedNonEmpty {
            clean.entity = entity
        } else {
            errors.append(FieldError(field: "entity", reason: "is required"))
        }
        if let code = CountryCode.normalized(country.trimmingWhitespace()) {
            clean.country = code
        } else {
            errors.append(FieldError(field: "country", reason: "'\(country)' is not an ISO 3166 alpha-2 country code"))
        }
        if let to, to < from { errors.append(FieldError(field: "to", reason: "\(to) is before from \(from)")) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }
}

/// Where pension contributions went for a period. Restricted data: shown only on request.
public struct PensionArrangement: Identifiable, Equatable, Sendable, Codable {
    public var id: Int64?
    public var personId: Int64
    public var provider: String
    public var plan: String
    public var reference: String
    public var from: CalendarDate
    public var to: CalendarDate?

    public init(
        id: Int64? = nil, personId: Int64, provider: String, plan: String, reference: String, from: CalendarDate,
        to: CalendarDate?
    ) {
        self.id = id
        self.personId = personId
        self.provider = provider
        self.plan = plan
        self.reference = reference
        self.from = from
        self.to = to
    }

    /// The arrangement cleaned up, or the reasons it cannot be stored.
    public func validated() throws(ValidationFailure) -> PensionArrangement {
        var clean = self
        var errors: [FieldError] = []
        for (name, value, path) in [
            ("provider", provider, \PensionArrangement.provider), ("plan", plan, \.plan),
            ("ref", reference, \.reference),
        ] {
            if let text = value.trimmedNonEmpty {
                clean[keyPath: path] = text
            } else {
                errors.append(FieldError(field: name, reason: "is required"))
            }
        }
        if let to, to < from { errors.append(FieldError(field: "to", reason: "\(to) is before from \(from)")) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }
}
