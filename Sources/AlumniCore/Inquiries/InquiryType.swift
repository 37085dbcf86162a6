/// What an inquiry is about; each type has its own deadline policy.
public enum InquiryType: String, CaseIterable, Codable, Sendable {
    case pension
    case dataAccess = "data-access"
    case exit
    case complaint
    case general

    /// Pension and data-access inquiries touch restricted data.
    public var isRestricted: Bool { self == .pension || self == .dataAccess }
}

/// Where an inquiry stands.
public enum InquiryStatus: String, CaseIterable, Codable, Sendable {
    /// The organisation is working on it.
    case open
    /// The organisation asked the requester for something; the resolution clock is stopped.
    case waiting
    case closed
}

/// How a message reached us or was sent.
public enum InquiryChannel: String, CaseIterable, Codable, Sendable {
    case email, phone, letter, portal
}
