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

    /// What a signed link asked for and may not do.
    public struct NotDone: Sendable, Equatable {
        /// Consents asked for that were not given before.
        public var grants: Set<ConsentKey> = []
        /// Do-not-contact was on and the form asked to lift it.
        public var liftDoNotContact = false

        public init() {}

        public var isEmpty: Bool { grants.isEmpty && !liftDoNotContact }
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
            guard let key = try Data.fetchOne(db, sql: SigningKeys.linksSQL) else {
                throw StoreError.notFound("the link signing key")
            }
            return key
        }
    }

    /// One-click unsubscribe: withdraws consent for `topic` on email. Unsubscribing twice
    /// records one change.
    public func unsubscribe(personId: Int64, topic: ContactTopic, source: String) throws {
        try changePreferences(personId: personId, source: source, actor: Self.personActor) { db, now, source in
            let granted = try Bool.fetchOne(db, sql: SelfServiceRows.emailConsentSQL, arguments: [personId, topic])
            guard let consent = SelfServiceRows.unsubscribing(from: topic, granted: granted, source: source, at: now)
            else { return }
            try setConsent(consent, personId: personId, in: db)
        }
    }

    /// Applies what the person chose on their preference page; only what changed is recorded.
    /// A signed link may take consent away, turn do-not-contact on and change the language, but
    /// never grant consent nor lift do-not-contact: whoever holds a forwarded link must not be
    /// able to subscribe someone, nor undo a "do not contact me" recorded from a letter.
    /// - Returns: what was asked for but not done for that reason.
    @discardableResult
    public func applyPreferenceChoice(
        personId: Int64, _ choice: PreferenceChoice, source: String
    ) throws -> PreferenceChoice.NotDone {
        try applyPreferenceChoice(personId: personId, choice, source: source, actor: Self.personActor, mayGrant: false)
    }

    /// Applies a choice made by the person as `actor`; only with `mayGrant` (signed in to the
    /// portal, not holding a link) are consents given and do-not-contact lifted.
    func applyPreferenceChoice(
        personId: Int64, _ choice: PreferenceChoice, source: String, actor: String, mayGrant: Bool
    ) throws -> PreferenceChoice.NotDone {
        var notDone = PreferenceChoice.NotDone()
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            let steps = PreferenceChoiceSteps(
                choice, current: try preferences(personId: personId, in: db), mayGrant: mayGrant, source: source,
                actor: actor, at: now)
            for consent in steps.consents { try setConsent(consent, personId: personId, in: db) }
            if let language = steps.language {
                try setPreferredLanguage(personId: personId, language, source: source, actor: actor, at: now, in: db)
            }
            if let doNotContact = steps.doNotContact {
                try setDoNotContact(personId: personId, doNotContact, source: source, actor: actor, at: now, in: db)
            }
            notDone = steps.notDone
        }
        return notDone
    }

    /// Who the audit log and consent history name when the person acted through a signed link.
    public static let personActor = "the person (signed link)"

    /// What the person's own preference page shows them, behind a signed link the caller has
    /// checked: the name they are greeted by and their preferences. Nothing of anyone else.
    public func ownPreferences(personId: Int64) throws -> (greeting: String, preferences: ContactPreferences) {
        try writer.read { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            return (person.fields.givenName ?? person.displayName, try preferences(of: person, in: db))
        }
    }
}

extension AlumniDatabase {
    /// The person's link version: a signed link of another version is revoked. Nil once the
    /// person is erased: none of their links works any more.
    public func linkVersion(personId: Int64) throws -> Int? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: SelfServiceRows.linkVersionSQL, arguments: [personId]) else {
                throw StoreError.notFound("person #\(personId)")
            }
            return SelfServiceRows.linkVersion(row)
        }
    }

    /// Revokes every unsubscribe and preference link the person has (a forwarded newsletter, a
    /// lost phone); audited. New messages carry new links.
    public func revokeLinks(personId: Int64, actor: Caller) throws {
        try authorize(.writePeople, actor, personId: personId)
        try write { db in
            let now = clock.now()
            guard try Int64.fetchOne(db, sql: SelfServiceRows.revokeSQL, arguments: [now.stored, personId]) != nil
            else { throw StoreError.notFound("person #\(personId)") }
            try AuditLog.record("preferences.links-revoked", personId: personId, actor: actor.name, at: now, in: db)
        }
    }

    func linkVersions(of ids: [Int64], in db: Database) throws -> [Int64: Int] {
        SelfServiceRows.linkVersions(
            try Row.fetchAll(
                db, sql: SelfServiceRows.linkVersionsSQL(count: ids.count), arguments: StatementArguments(ids)))
    }
}
