import AlumniCore
import Foundation

/// What people do through the signed links in our messages, and staff with those links,
/// through `Store`.
extension Store {
    /// One-click unsubscribe: withdraws consent for `topic` on email; twice records one change.
    public func unsubscribe(personId: Int64, topic: ContactTopic, source: String) async throws {
        switch self {
        case .sqlite(let database): try database.unsubscribe(personId: personId, topic: topic, source: source)
        case .postgres(let store): try await store.unsubscribe(personId: personId, topic: topic, source: source)
        }
    }

    /// Applies what the person chose on their preference page behind a signed link, which may
    /// take consent away but never give it; returns what was asked for but not done.
    @discardableResult
    public func applyPreferenceChoice(personId: Int64, _ choice: PreferenceChoice, source: String) async throws
        -> PreferenceChoice.NotDone
    {
        switch self {
        case .sqlite(let database): try database.applyPreferenceChoice(personId: personId, choice, source: source)
        case .postgres(let store): try await store.applyPreferenceChoice(personId: personId, choice, source: source)
        }
    }

    /// The person followed "keep me on the list" in a retention warning.
    public func keepInTouch(personId: Int64) async throws {
        switch self {
        case .sqlite(let database): try database.keepInTouch(personId: personId)
        case .postgres(let store): try await store.keepInTouch(personId: personId)
        }
    }

    /// What the person's own preference page shows them, behind a link the caller checked.
    public func ownPreferences(personId: Int64) async throws -> (greeting: String, preferences: ContactPreferences) {
        switch self {
        case .sqlite(let database): try database.ownPreferences(personId: personId)
        case .postgres(let store): try await store.ownPreferences(personId: personId)
        }
    }

    /// The person's link version (a signed link of another is revoked); nil once they are erased.
    public func linkVersion(personId: Int64) async throws -> Int? {
        switch self {
        case .sqlite(let database): try database.linkVersion(personId: personId)
        case .postgres(let store): try await store.linkVersion(personId: personId)
        }
    }

    /// The person a checked link or a portal session names, as their own pages greet them.
    public func portalPerson(personId: Int64) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.portalPerson(personId: personId)
        case .postgres(let store): try await store.person(id: personId)
        }
    }

    /// Revokes every unsubscribe and preference link the person has; audited.
    public func revokeLinks(personId: Int64, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.revokeLinks(personId: personId, actor: actor)
        case .postgres(let store): try await store.revokeLinks(personId: personId, actor: actor)
        }
    }

    /// The version to sign into the person's preference link that `actor` hands out; audited.
    public func issuePreferenceLink(personId: Int64, topic: ContactTopic?, actor: Caller) async throws -> Int {
        switch self {
        case .sqlite(let database): try database.issuePreferenceLink(personId: personId, topic: topic, actor: actor)
        case .postgres(let store): try await store.issuePreferenceLink(personId: personId, topic: topic, actor: actor)
        }
    }

    /// Queues an e-mail with a fresh preference-page link to the person's own address, at most
    /// once an hour; returns whether one was queued.
    @discardableResult
    public func sendPreferenceLink(personId: Int64, renderer: any PreferenceLinkRenderer) async throws -> Bool {
        switch self {
        case .sqlite(let database): try database.sendPreferenceLink(personId: personId, renderer: renderer)
        case .postgres(let store): try await store.sendPreferenceLink(personId: personId, renderer: renderer)
        }
    }
}
