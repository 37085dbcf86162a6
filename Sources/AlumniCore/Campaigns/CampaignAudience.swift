import Foundation

/// Why someone in a campaign's segment will not get it by email.
public enum AudienceExclusion: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    case erased
    case doNotContact = "do-not-contact"
    /// No email address on record.
    case noAddress = "no-address"
    /// Mail to the address bounced for good.
    case addressBounced = "address-bounced"
    /// No consent for the campaign's topic on email.
    case noConsent = "no-consent"

    /// For people reading the audience list.
    public var explanation: String {
        switch self {
        case .erased: "erased"
        case .doNotContact: "marked do-not-contact"
        case .noAddress: "no email address"
        case .addressBounced: "the email address bounced"
        case .noConsent: "no consent for the topic on email"
        }
    }
}

/// Who a campaign reaches now and who it leaves out, and why.
public struct CampaignAudience: Sendable, Codable, Equatable {
    /// People in the segment.
    public var segment: Int
    /// People who would get the message if it were sent now.
    public var eligible: Int
    /// Counts per reason for everyone else in the segment.
    public var excluded: [AudienceExclusion: Int]
    /// The excluded people themselves, up to the limit asked for.
    public var excludedPeople: [ExcludedPerson]
    /// People who cannot be reached by email but may be written to: a letter list.
    public var letters: [LetterRecipient]

    public init(
        segment: Int, eligible: Int, excluded: [AudienceExclusion: Int], excludedPeople: [ExcludedPerson],
        letters: [LetterRecipient]
    ) {
        self.segment = segment
        self.eligible = eligible
        self.excluded = excluded
        self.excludedPeople = excludedPeople
        self.letters = letters
    }
}

/// Someone in the segment who will not get the email.
public struct ExcludedPerson: Sendable, Codable, Equatable {
    public var personId: Int64
    public var name: String
    public var reason: AudienceExclusion

    public init(personId: Int64, name: String, reason: AudienceExclusion) {
        self.personId = personId
        self.name = name
        self.reason = reason
    }
}

/// Someone to write to on paper instead: not erased, not do-not-contact, unreachable by email.
public struct LetterRecipient: Sendable, Codable, Equatable {
    public var personId: Int64
    public var name: String
    /// Nil when no postal address is on record either.
    public var address: String?
    public var country: String?
    public var language: Language?

    public init(personId: Int64, name: String, address: String?, country: String?, language: Language?) {
        self.personId = personId
        self.name = name
        self.address = address
        self.country = country
        self.language = language
    }
}

/// How a campaign's messages are doing.
public struct CampaignProgress: Sendable, Codable, Equatable {
    public var queued: Int
    public var sent: Int
    public var failed: Int
    /// Not sent because the person withdrew consent or asked not to be contacted after queueing.
    public var suppressed: Int
    /// People who unsubscribed through this campaign's links.
    public var unsubscribed: Int
    /// Sent, then bounced for good.
    public var bounced: Int
    /// Recipients who reported the message as spam (feedback reports).
    public var complaints: Int

    public init(
        queued: Int, sent: Int, failed: Int, suppressed: Int, unsubscribed: Int, bounced: Int = 0, complaints: Int = 0
    ) {
        self.queued = queued
        self.sent = sent
        self.failed = failed
        self.suppressed = suppressed
        self.unsubscribed = unsubscribed
        self.bounced = bounced
        self.complaints = complaints
    }
}

extension LetterRecipient {
    /// The letter list as CSV, a header row first: person_id, name, address, country, language.
    public static func csv(_ letters: [LetterRecipient]) -> String {
        var text = CSVWriter.line(["person_id", "name", "address", "country", "language"])
        for letter in letters {
            text += CSVWriter.line([
                String(letter.personId), letter.name, letter.address ?? "", letter.country ?? "",
                letter.language?.rawValue ?? "",
            ])
        }
        return text
    }
}

/// A campaign with how its messages are doing: what lists and pages of campaigns show.
public struct CampaignOverview: Sendable, Codable, Equatable {
    public var campaign: Campaign
    public var progress: CampaignProgress

    public init(campaign: Campaign, progress: CampaignProgress) {
        self.campaign = campaign
        self.progress = progress
    }
}

/// A line of a list of campaigns: what it is, where it stands, its languages and its figures
/// (not its segment or its texts, which a list does not show).
public struct CampaignSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var topic: ContactTopic
    public var status: Campaign.Status
    public var languages: [Language]
    public var progress: CampaignProgress

    public init(
        id: Int64, name: String, topic: ContactTopic, status: Campaign.Status, languages: [Language],
        progress: CampaignProgress
    ) {
        self.id = id
        self.name = name
        self.topic = topic
        self.status = status
        self.languages = languages
        self.progress = progress
    }

    /// The summary of a campaign read whole.
    public init(_ overview: CampaignOverview) {
        let campaign = overview.campaign
        self.init(
            id: campaign.id, name: campaign.name, topic: campaign.topic, status: campaign.status,
            languages: campaign.templates.map(\.language), progress: overview.progress)
    }
}
