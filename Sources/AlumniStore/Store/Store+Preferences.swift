import AlumniCore
import Foundation

/// Contact preferences through `Store`: consents, do-not-contact, language and the way to be reached.
extension Store {
    /// Records a consent decision for one topic on one channel, keeping the history.
    public func setConsent(
        personId: Int64, topic: ContactTopic, channel: ContactChannel, granted: Bool, source: String, actor: Caller
    ) async throws {
        switch self {
        case .sqlite(let database):
            try database.setConsent(
                personId: personId, topic: topic, channel: channel, granted: granted, source: source, actor: actor)
        case .postgres(let store):
            try await store.setConsent(
                personId: personId, topic: topic, channel: channel, granted: granted, source: source, actor: actor)
        }
    }

    /// Turns do-not-contact on or off; while on, nothing is sent to the person whatever their consents say.
    public func setDoNotContact(personId: Int64, _ on: Bool, source: String, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setDoNotContact(personId: personId, on, source: source, actor: actor)
        case .postgres(let store): try await store.setDoNotContact(personId: personId, on, source: source, actor: actor)
        }
    }

    /// Sets the language the person wants to be written to in.
    public func setPreferredLanguage(personId: Int64, _ language: Language, source: String, actor: Caller)
        async throws
    {
        switch self {
        case .sqlite(let database):
            try database.setPreferredLanguage(personId: personId, language, source: source, actor: actor)
        case .postgres(let store):
            try await store.setPreferredLanguage(personId: personId, language, source: source, actor: actor)
        }
    }

    /// Sets how the person prefers to be reached, and a note in their words; nil leaves that part unchanged.
    public func setPreferredWay(
        personId: Int64, channel: ContactChannel?, note: String?, source: String, actor: Caller
    ) async throws {
        switch self {
        case .sqlite(let database):
            try database.setPreferredWay(personId: personId, channel: channel, note: note, source: source, actor: actor)
        case .postgres(let store):
            try await store.setPreferredWay(
                personId: personId, channel: channel, note: note, source: source, actor: actor)
        }
    }

    /// A person's preferences now, with their full history, oldest change first.
    public func preferences(personId: Int64, as caller: Caller) async throws -> ContactPreferences {
        switch self {
        case .sqlite(let database): try database.preferences(personId: personId, as: caller)
        case .postgres(let store): try await store.preferences(personId: personId, as: caller)
        }
    }
}
