/// What we may write to someone about.
public enum ContactTopic: String, CaseIterable, Codable, Sendable {
    case newsletter, pension, events, jobs, surveys, offers
}

/// How we may reach someone.
public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case email, post, phone, sms
}
