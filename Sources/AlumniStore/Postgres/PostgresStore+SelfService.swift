import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// What people do through the signed links in our messages, and staff with those links, on
/// PostgreSQL: the statements and rules of `SelfServiceRows`, `PreferenceChoiceSteps` and
/// `RetentionWarning`, as SQLite's store runs them.
extension PostgresStore {
    /// One-click unsubscribe: withdraws consent for `topic` on email; twice records one change.
    public func unsubscribe(personId: Int64, topic: ContactTopic, source: String) async throws {
        try await changePreferences(personId: personId, source: source, actor: AlumniDatabase.personActor) {
            connection, now, source in
            let granted: Bool? = try await rows(SelfServiceRows.emailConsentSQL, [personId, topic], on: connection)
                .first?["granted"]
            guard let consent = SelfServiceRows.unsubscribing(from: topic, granted: granted, source: source, at: now)
            else { return }
            try await setConsent(consent, personId: personId, on: connection)
        }
    }

    /// Applies what the person chose on their preference page behind a signed link: consents
    /// withdrawn, the language, do-not-contact turned on; never a consent given nor
    /// do-not-contact lifted. Returns what was asked for but not done for that reason.
    @discardableResult
    public func applyPreferenceChoice(personId: Int64, _ choice: PreferenceChoice, source: String) async throws
        -> PreferenceChoice.NotDone
    {
        try await applyPreferenceChoice(
            personId: personId, choice, source: source, actor: AlumniDatabase.personActor, mayGrant: false)
    }

    /// Applies a choice made by the person as `actor`; only with `mayGrant` (signed in to the
    /// portal, not holding a link) are consents given and do-not-contact lifted.
    func applyPreferenceChoice(
        personId: Int64, _ choice: PreferenceChoice, source: String, actor: String, mayGrant: Bool
    ) async throws -> PreferenceChoice.NotDone {
        var notDone = PreferenceChoice.NotDone()
        try await changePreferences(personId: personId, source: source, actor: actor) { connection, now, source in
            let person = try await person(id: personId, on: connection)
            let steps = PreferenceChoiceSteps(
                choice, current: try await preferences(of: person, on: connection), mayGrant: mayGrant,
                source: source, actor: actor, at: now)
            for consent in steps.consents { try await setConsent(consent, personId: personId, on: connection) }
            if let language = steps.language {
                try await setPreferredLanguage(
                    personId: personId, language, source: source, actor: actor, at: now, on: connection)
            }
            if let doNotContact = steps.doNotContact {
                try await setDoNotContact(
                    personId: personId, doNotContact, source: source, actor: actor, at: now, on: connection)
            }
            notDone = steps.notDone
        }
        return notDone
    }

    /// The person followed "keep me on the list" in a warning: recorded as their contact.
    public func keepInTouch(personId: Int64) async throws {
        try await changePreferences(
            personId: personId, source: SelfServiceRows.keepSource, actor: AlumniDatabase.personActor
        ) { connection, now, source in
            try await record(
                SelfServiceRows.keepingInTouch(source: source, at: now), personId: personId, on: connection)
        }
    }

    /// What the person's own preference page shows them, behind a link the caller checked.
    public func ownPreferences(personId: Int64) async throws -> (greeting: String, preferences: ContactPreferences) {
        try await snapshot { connection in
            let person = try await person(id: personId, on: connection)
            return (person.fields.givenName ?? person.displayName, try await preferences(of: person, on: connection))
        }
    }

    /// The person's link version; nil once they are erased.
    public func linkVersion(personId: Int64) async throws -> Int? {
        guard let row = try await rows(SelfServiceRows.linkVersionSQL, [personId]).first else {
            throw StoreError.notFound("person #\(personId)")
        }
        return SelfServiceRows.linkVersion(row)
    }

    /// Revokes every unsubscribe and preference link the person has; audited.
    public func revokeLinks(personId: Int64, actor: Caller) async throws {
        try await authorize(.writePeople, actor, personId: personId)
        try await transaction { connection in
            let now = clock.now()
            guard !(try await rows(SelfServiceRows.revokeSQL, [now.stored, personId], on: connection)).isEmpty else {
                throw StoreError.notFound("person #\(personId)")
            }
            try await audit("preferences.links-revoked", personId: personId, actor: actor.name, at: now, on: connection)
        }
    }

    /// The version to sign into the person's preference link that `actor` hands out; audited.
    public func issuePreferenceLink(personId: Int64, topic: ContactTopic?, actor: Caller) async throws -> Int {
        try await authorize(.writePeople, actor, personId: personId)
        return try await transaction { connection in
            let person = try await person(id: personId, on: connection)
            guard person.erasedAt == nil, let version = try await linkVersions(of: [personId], on: connection)[personId]
            else {
                throw SelfServiceRows.erased(personId)
            }
            try await audit(
                "preferences.link-issued", personId: personId, actor: actor.name, at: clock.now(),
                detail: topic?.rawValue, on: connection)
            return version
        }
    }

    /// Queues an e-mail with a fresh preference-page link to the person's own address, at most
    /// once an hour; returns whether one was queued.
    @discardableResult
    public func sendPreferenceLink(personId: Int64, renderer: any PreferenceLinkRenderer) async throws -> Bool {
        try await transaction { connection in
            let now = clock.now()
            let person = try await person(id: personId, on: connection)
            guard SelfServiceRows.mayBeSentLinks(person),
                let version = try await linkVersions(of: [personId], on: connection)[personId],
                var message = try renderer.message(for: person, linkVersion: version, now: now)
            else { return false }
            message.dedupeKey = SelfServiceRows.preferenceLinkKey(personId: personId, now: now)
            guard try await enqueue(message, at: now, on: connection) != nil else { return false }
            try await audit(
                "prefs.link-sent", personId: personId, actor: AlumniDatabase.personActor, at: now, on: connection)
            return true
        }
    }

    /// With `retention.warning_days` set, e-mails everyone an erasure rule will reach within
    /// that many days, once per last contact; returns how many warnings were queued.
    @discardableResult
    public func queueRetentionWarnings(renderer: any RetentionWarningRenderer) async throws -> Int {
        try await transaction { connection in
            let now = clock.now()
            let retention = try await settings(on: connection).retention
            guard let days = retention.warningDays else { return 0 }
            let calendar = try await businessCalendar(on: connection)
            let soon = RetentionWarning.horizon(days: days, from: now)
            var queued = 0
            for rule in retention.active where rule.action == .erase {
                for candidate in try await candidates(of: rule, now: soon, warningDays: nil, on: connection) {
                    let person = try await person(id: candidate.personId, on: connection)
                    guard
                        let warning = try RetentionWarning.message(
                            to: person, linkVersion: try await linkVersions(of: [person.id], on: connection)[person.id],
                            lastContact: candidate.lastContact, rule: rule, soon: soon, calendar: calendar,
                            renderer: renderer, now: now),
                        try await enqueue(warning.message, at: now, on: connection) != nil
                    else { continue }
                    try await audit(
                        RetentionWarning.auditAction, personId: person.id, actor: RetentionWarning.auditActor, at: now,
                        detail: RetentionWarning.auditDetail(rule, warning.erasureDay), on: connection)
                    queued += 1
                }
            }
            return queued
        }
    }

    /// The link versions of people `ids`, erased or not.
    func linkVersions(of ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: Int] {
        SelfServiceRows.linkVersions(
            try await rows(SelfServiceRows.linkVersionsSQL(count: ids.count), ids, on: connection))
    }
}
