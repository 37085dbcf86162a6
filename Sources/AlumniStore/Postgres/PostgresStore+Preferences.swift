import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Contact preferences on PostgreSQL: the SQL and rules of ``PreferenceRows``.
extension PostgresStore {
    /// Records a consent decision for one topic on one channel, keeping the history.
    public func setConsent(
        personId: Int64, topic: ContactTopic, channel: ContactChannel, granted: Bool, source: String, actor: Caller
    ) async throws {
        try await authorize(.writePeople, actor, personId: personId)
        try await changePreferences(personId: personId, source: source, actor: actor.name) { connection, now, source in
            try await setConsent(
                Consent(topic: topic, channel: channel, granted: granted, source: source, actor: actor.name, at: now),
                personId: personId, on: connection)
        }
    }

    /// Records a consent and its history inside the caller's transaction.
    func setConsent(_ consent: Consent, personId: Int64, on connection: PostgresConnection) async throws {
        _ = try await rows(
            PreferenceRows.consentSQL, PreferenceRows.values(of: consent, personId: personId), on: connection)
        try await record(PreferenceRows.change(recording: consent), personId: personId, on: connection)
    }

    /// Turns do-not-contact on or off; while on, nothing is sent to the person whatever their consents say.
    public func setDoNotContact(personId: Int64, _ on: Bool, source: String, actor: Caller) async throws {
        try await authorize(.writePeople, actor, personId: personId)
        try await changePreferences(personId: personId, source: source, actor: actor.name) { connection, now, source in
            try await setDoNotContact(
                personId: personId, on, source: source, actor: actor.name, at: now, on: connection)
        }
    }

    func setDoNotContact(
        personId: Int64, _ on: Bool, source: String, actor: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        _ = try await rows(PreferenceRows.doNotContactSQL, [on, personId], on: connection)
        try await record(
            PreferenceRows.doNotContactChange(on, source: source, actor: actor, at: now), personId: personId,
            on: connection)
    }

    /// Sets the language the person wants to be written to in.
    public func setPreferredLanguage(personId: Int64, _ language: Language, source: String, actor: Caller)
        async throws
    {
        try await authorize(.writePeople, actor, personId: personId)
        try await changePreferences(personId: personId, source: source, actor: actor.name) { connection, now, source in
            try await setPreferredLanguage(
                personId: personId, language, source: source, actor: actor.name, at: now, on: connection)
        }
    }

    func setPreferredLanguage(
        personId: Int64, _ language: Language, source: String, actor: String, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        _ = try await rows(PreferenceRows.languageSQL, [language, personId], on: connection)
        try await record(
            PreferenceRows.languageChange(language, source: source, actor: actor, at: now), personId: personId,
            on: connection)
    }

    /// Sets how the person prefers to be reached, and a note in their words.
    public func setPreferredWay(
        personId: Int64, channel: ContactChannel?, note: String?, source: String, actor: Caller
    ) async throws {
        try await authorize(.writePeople, actor, personId: personId)
        let edits = try PreferenceRows.wayEdits(channel: channel, note: note)
        try await changePreferences(personId: personId, source: source, actor: actor.name) { connection, now, source in
            for edit in edits {
                _ = try await rows(edit.sql, [edit.value, personId], on: connection)
                try await record(edit.change(source, actor.name, now), personId: personId, on: connection)
            }
        }
    }

    /// A person's preferences now, with their full history, oldest change first.
    public func preferences(personId: Int64, as caller: Caller) async throws -> ContactPreferences {
        try await authorize(.readPeople, caller, personId: personId)
        return try await snapshot { connection in
            try await preferences(of: try await person(id: personId, on: connection), on: connection)
        }
    }

    /// The preferences of `person`, already read, on `connection`.
    func preferences(of person: Person, on connection: PostgresConnection) async throws -> ContactPreferences {
        try PreferenceRows.preferences(
            of: person, consents: try await rows(PreferenceRows.consentsSQL, [person.id], on: connection),
            history: try await rows(PreferenceRows.historySQL, [person.id], on: connection))
    }

    /// Runs a preference change in one transaction with its audit entry, on a person who exists
    /// and is not erased; the change is handed its source, checked by the core's rule.
    func changePreferences(
        personId: Int64, source: String, actor: String,
        _ change: (PostgresConnection, Date, String) async throws -> Void
    ) async throws {
        let source = try PreferenceChange.checkedSource(source)
        let now = clock.now()
        try await transaction { connection in
            try PreferenceRows.checkChangeable(try await person(id: personId, on: connection))
            try await change(connection, now, source)
            _ = try await rows(PreferenceRows.touchSQL, [now.stored, personId], on: connection)
            try await audit(PreferenceRows.auditAction, personId: personId, actor: actor, at: now, on: connection)
        }
    }

    func record(_ change: PreferenceChange, personId: Int64, on connection: PostgresConnection) async throws {
        _ = try await rows(
            PreferenceRows.changeSQL, PreferenceRows.values(of: change, personId: personId), on: connection)
    }
}
