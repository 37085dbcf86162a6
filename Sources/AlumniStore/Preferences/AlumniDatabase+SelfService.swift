import AlumniCore
import Foundation
import GRDB

/// What a person chose on their preference page.
public struct PreferenceChoice: Sendable, Equatable {
    /// The (topic, channel) pairs ticked; every other pair is a no.
    public var granted: Set<ConsentKey>
    public var language: Language?
    public var doNotContact: Bool

    public init(granted: Set<ConsentKey>, language: Language?, doNotContact: Bool) {
        self.granted = granted
        self.language = language
        self.doNotContact = doNotContact
    }
}

/// A topic on a channel.
public struct ConsentKey: Hashable, Sendable {
    public var topic: ContactTopic
    public var channel: ContactChannel

    public init(_ topic: ContactTopic, _ channel: ContactChannel) {
        self.topic = topic
        self.channel = channel
    }
}

extension AlumniDatabase {
    /// The signing key of unsubscribe and preference links, made with the database.
    public func linkSigningKey() throws -> Data {
        try writer.read { db in
            guard let key = try Data.fetchOne(db, sql: "SELECT secret FROM signing_key WHERE name = 'links'") else {
                throw StoreError.notFound("the link signing key")
            }
            return key
        }
    }

    /// One-click unsubscribe: withdraws consent for `topic` on email. Unsubscribing twice
    /// records one change.
    public func unsubscribe(personId: Int64, topic: ContactTopic, source: String) throws {
        try changePreferences(personId: personId, source: source, actor: Self.personActor) { db, now, source in
            let granted =
                try Bool.fetchOne(
                    db, sql: "SELECT granted FROM consent WHERE person_id = ? AND topic = ? AND channel = 'email'",
                    arguments: [personId, topic]) ?? true
            guard granted else { return }
            try setConsent(
                Consent(
                    topic: topic, channel: .email, granted: false, source: source, actor: Self.personActor, at: now),
                personId: personId, in: db)
        }
    }

    /// Applies what the person chose on their preference page; only what changed is recorded.
    public func applyPreferenceChoice(personId: Int64, _ choice: PreferenceChoice, source: String) throws {
        try changePreferences(personId: personId, source: source, actor: Self.personActor) { db, now, source in
            let current = try preferences(personId: personId, in: db)
            for topic in ContactTopic.allCases {
                for channel in ContactChannel.allCases {
                    let wanted = choice.granted.contains(ConsentKey(topic, channel))
                    let decided = current.consents.first { $0.topic == topic && $0.channel == channel }
                    // A pair never decided stays undecided when left unticked: no is the default.
                    guard decided.map({ $0.granted != wanted }) ?? wanted else { continue }
                    try setConsent(
                        Consent(
                            topic: topic, channel: channel, granted: wanted, source: source, actor: Self.personActor,
                            at: now), personId: personId, in: db)
                }
            }
            if let language = choice.language, language != current.language {
                try setPreferredLanguage(
                    personId: personId, language, source: source, actor: Self.personActor, at: now, in: db)
            }
            if choice.doNotContact != current.doNotContact {
                try setDoNotContact(
                    personId: personId, choice.doNotContact, source: source, actor: Self.personActor, at: now, in: db)
            }
        }
    }

    /// Who the audit log and consent history name when the person acted through a signed link.
    public static let personActor = "the person (signed link)"
}
