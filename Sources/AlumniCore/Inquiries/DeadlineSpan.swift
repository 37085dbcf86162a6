/// A length of time a deadline allows: business days, or calendar months.
public enum DeadlineSpan: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    case businessDays(Int)
    case months(Int)

    /// Parses `3d`, `3bd`, `3 business days`, `1month`, `2months`, `1 month`.
    public init?(_ text: String) {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        let digits = compact.prefix { $0.isNumber }
        guard let count = Int(digits), count >= 0 else { return nil }
        switch compact.dropFirst(digits.count) {
        case "d", "bd", "day", "days", "businessday", "businessdays": self = .businessDays(count)
        case "m", "mo", "month", "months": self = .months(count)
        default: return nil
        }
    }

    /// `3d` or `1month`, the form ``init(_:)`` reads.
    public var description: String {
        switch self {
        case .businessDays(let count): "\(count)d"
        case .months(let count): count == 1 ? "1month" : "\(count)months"
        }
    }

    /// For people: "3 business days", "1 month".
    public var spelledOut: String {
        switch self {
        case .businessDays(let count): count == 1 ? "1 business day" : "\(count) business days"
        case .months(let count): count == 1 ? "1 month" : "\(count) months"
        }
    }

    /// The last day of a span that starts on `start`.
    public func end(from start: CalendarDate, in calendar: BusinessCalendar) -> CalendarDate {
        switch self {
        case .businessDays(let count): calendar.adding(businessDays: count, to: start)
        case .months(let count): calendar.adding(months: count, to: start)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let span = DeadlineSpan(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a span like 3d or 1month")
        }
        self = span
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The deadlines one type of inquiry must meet.
public struct DeadlinePolicy: Hashable, Sendable, Codable {
    public var type: InquiryType
    /// Until the first answer to the requester.
    public var firstResponse: DeadlineSpan
    /// Until the inquiry is closed.
    public var resolution: DeadlineSpan
    /// The longest single extension allowed, in months; 0 when the type cannot be extended.
    public var maxExtensionMonths: Int
    /// Business days a requester's message may wait for a reply before the case is silent.
    public var silenceLimitBusinessDays: Int

    public init(
        type: InquiryType, firstResponse: DeadlineSpan, resolution: DeadlineSpan, maxExtensionMonths: Int,
        silenceLimitBusinessDays: Int
    ) {
        self.type = type
        self.firstResponse = firstResponse
        self.resolution = resolution
        self.maxExtensionMonths = maxExtensionMonths
        self.silenceLimitBusinessDays = silenceLimitBusinessDays
    }

    /// The defaults: pension and data access follow GDPR Art. 12(3) (one month, extendable
    /// once by up to two more with a reason).
    public static func standard(for type: InquiryType) -> DeadlinePolicy {
        switch type {
        case .pension, .dataAccess:
            DeadlinePolicy(
                type: type, firstResponse: .businessDays(3), resolution: .months(1), maxExtensionMonths: 2,
                silenceLimitBusinessDays: 3)
        case .exit:
            DeadlinePolicy(
                type: type, firstResponse: .businessDays(1), resolution: .businessDays(5), maxExtensionMonths: 0,
                silenceLimitBusinessDays: 3)
        case .complaint:
            DeadlinePolicy(
                type: type, firstResponse: .businessDays(1), resolution: .businessDays(10), maxExtensionMonths: 0,
                silenceLimitBusinessDays: 3)
        case .general:
            DeadlinePolicy(
                type: type, firstResponse: .businessDays(2), resolution: .businessDays(10), maxExtensionMonths: 0,
                silenceLimitBusinessDays: 3)
        }
    }
}
