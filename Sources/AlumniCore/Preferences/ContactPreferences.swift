import Foundation

/// Whether a person allows a topic on a channel, and who last said so.
public struct Consent: Equatable, Sendable, Codable {
    public var topic: ContactTopic
    public var channel: ContactChannel
    public var granted: Bool
    public var source: String
    public var actor: String
    public var at: Date

    public init(topic: ContactTopic, channel: ContactChannel, granted: Bool, source: String, actor: String, at: Date) {
        self.topic = topic
        self.channel = channel
        self.granted = granted
        self.source = source
        self.actor = actor
        self.at = at
    }
}

/// One change to a person's contact preferences, kept for good as evidence of consent.
public struct PreferenceChange: Equatable, Sendable, Codable {
    /// What changed.
    public enum Subject: String, Codable, Sendable {
        case consent
        case doNotContact = "do_not_contact"
        case language
        case preferredChannel = "preferred_channel"
        case contactNote = "contact_note"
        /// The person asked to stay in touch (the link in a retention warning): a contact.
        case stayInTouch = "stay_in_touch"
    }

    public var subject: Subject
    public var topic: ContactTopic?
    public var channel: ContactChannel?
    /// The new value as text: `granted`/`denied`, `on`/`off`, a language code, a channel or a note.
    public var value: String?
    public var source: String
    public var actor: String
    public var at: Date

    public init(
        subject: Subject, topic: ContactTopic? = nil, channel: ContactChannel? = nil, value: String?, source: String,
        actor: String, at: Date
    ) {
        self.subject = subject
        self.topic = topic
        self.channel = channel
        self.value = value
        self.source = source
        self.actor = actor
        self.at = at
    }
}

/// A person's contact preferences now, with the history that led there.
public struct ContactPreferences: Equatable, Sendable, Codable {
    public var personId: Int64
    public var doNotContact: Bool
    public var language: Language?
    public var preferredChannel: ContactChannel?
    public var contactNote: String?
    /// The latest decision per topic and channel; a pair never decided is absent (no consent).
    public var consents: [Consent]
    public var history: [PreferenceChange]

    public init(
        personId: Int64, doNotContact: Bool, language: Language?, preferredChannel: ContactChannel?,
        contactNote: String?, consents: [Consent], history: [PreferenceChange]
    ) {
        self.personId = personId
        self.doNotContact = doNotContact
        self.language = language
        self.preferredChannel = preferredChannel
        self.contactNote = contactNote
        self.consents = consents
        self.history = history
    }

    /// True when we may write about `topic` on `channel`: consent granted and do-not-contact off.
    public func allows(_ topic: ContactTopic, on channel: ContactChannel) -> Bool {
        !doNotContact && consents.contains { $0.topic == topic && $0.channel == channel && $0.granted }
    }
}

extension PreferenceChange {
    /// Every change of consent, do-not-contact, language or way of contact says where it came
    /// from ("letter", "phone call", "signup form"): the source trimmed, or a refusal naming `source`.
    public static func checkedSource(_ source: String) throws(ValidationFailure) -> String {
        try source.required("source")
    }
}

extension ContactPreferences {
    /// Whether the pair was granted, do-not-contact aside (preference pages show both separately).
    public func allowsIgnoringDoNotContact(_ topic: ContactTopic, on channel: ContactChannel) -> Bool {
        consents.contains { $0.topic == topic && $0.channel == channel && $0.granted }
    }
}
