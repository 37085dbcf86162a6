import AlumniCore
import Foundation
import GRDB

extension Consent: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            topic: row["topic"], channel: row["channel"], granted: row["granted"], source: row["source"],
            actor: row["actor"], at: row["at"])
    }
}

extension PreferenceChange: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            subject: row["subject"], topic: row["topic"], channel: row["channel"], value: row["value"],
            source: row["source"], actor: row["actor"], at: row["at"])
    }
}

extension AlumniDatabase {
    /// Records a consent decision for one topic on one channel, keeping the history.
    public func setConsent(
        personId: Int64, topic: ContactTopic, channel: ContactChannel, granted: Bool, source: String, actor: Caller
    ) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            try setConsent(
                Consent(topic: topic, channel: channel, granted: granted, source: source, actor: actor, at: now),
                personId: personId, in: db)
        }
    }

    func setConsent(_ consent: Consent, personId: Int64, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO consent (person_id, topic, channel, granted, source, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (person_id, topic, channel) DO UPDATE SET
                    granted = excluded.granted, source = excluded.source, actor = excluded.actor, at = excluded.at
                """
        ).execute(arguments: [
            personId, consent.topic, consent.channel, consent.granted, consent.source, consent.actor, consent.at.stored,
        ])
        try recordChange(
            PreferenceChange(
                subject: .consent, topic: consent.topic, channel: consent.channel,
                value: consent.granted ? "granted" : "denied", source: consent.source, actor: consent.actor,
                at: consent.at), personId: personId, in: db)
    }

    /// Turns do-not-contact on or off; while on, nothing is sent to the person whatever their consents say.
    public func setDoNotContact(personId: Int64, _ on: Bool, source: String, actor: Caller) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            try setDoNotContact(personId: personId, on, source: source, actor: actor, at: now, in: db)
        }
    }

    func setDoNotContact(personId: Int64, _ on: Bool, source: String, actor: String, at now: Date, in db: Database)
        throws
    {
        try db.execute(sql: "UPDATE person SET do_not_contact = ? WHERE id = ?", arguments: [on, personId])
        try recordChange(
            PreferenceChange(subject: .doNotContact, value: on ? "on" : "off", source: source, actor: actor, at: now),
            personId: personId, in: db)
    }

    /// Sets the language the person wants to be written to in.
    public func setPreferredLanguage(personId: Int64, _ language: Language, source: String, actor: Caller) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            try setPreferredLanguage(personId: personId, language, source: source, actor: actor, at: now, in: db)
        }
    }

    func setPreferredLanguage(
        personId: Int64, _ language: Language, source: String, actor: String, at now: Date, in db: Database
    ) throws {
        try db.execute(sql: "UPDATE person SET language = ? WHERE id = ?", arguments: [language, personId])
        try recordChange(
            PreferenceChange(subject: .language, value: language.rawValue, source: source, actor: actor, at: now),
            personId: personId, in: db)
    }

    /// Sets how the person prefers to be reached, and a note in their words
    /// ("call me, don't book a meeting"). Nil leaves that part unchanged; a change with neither
    /// is refused, so nothing is audited that did not happen.
    public func setPreferredWay(
        personId: Int64, channel: ContactChannel?, note: String?, source: String, actor: Caller
    ) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        guard channel != nil || note != nil else {
            throw ValidationFailure([FieldError(field: "channel", reason: "give a channel, a note or both")])
        }
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            if let channel {
                try db.execute(
                    sql: "UPDATE person SET preferred_channel = ? WHERE id = ?", arguments: [channel, personId])
                try recordChange(
                    PreferenceChange(
                        subject: .preferredChannel, channel: channel, value: channel.rawValue, source: source,
                        actor: actor, at: now), personId: personId, in: db)
            }
            if let note {
                try db.execute(sql: "UPDATE person SET contact_note = ? WHERE id = ?", arguments: [note, personId])
                try recordChange(
                    PreferenceChange(subject: .contactNote, value: note, source: source, actor: actor, at: now),
                    personId: personId, in: db)
            }
        }
    }

    /// A person's preferences now, with their full history, oldest change first.
    public func preferences(personId: Int64, as caller: Caller) throws -> ContactPreferences {
        try authorize(.readPeople, caller, personId: personId)
        return try writer.read { db in try preferences(personId: personId, in: db) }
    }

    func preferences(personId: Int64, in db: Database) throws -> ContactPreferences {
        try preferences(of: PersonRows.fetch(id: personId, in: db), in: db)
    }

    /// The preferences of `person`, already read.
    func preferences(of person: Person, in db: Database) throws -> ContactPreferences {
        let personId = person.id
        return ContactPreferences(
            personId: personId, doNotContact: person.doNotContact, language: person.fields.language,
            preferredChannel: person.preferredChannel, contactNote: person.contactNote,
            consents: try Consent.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM consent WHERE person_id = ? ORDER BY topic, channel"),
                arguments: [personId]),
            history: try PreferenceChange.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM preference_change WHERE person_id = ? ORDER BY id"),
                arguments: [personId]))
    }

    /// Runs a preference change in one transaction with its audit entry, on a person who exists
    /// and is not erased; the change is handed its source, checked by the core's rule.
    func changePreferences(
        personId: Int64, source: String, actor: String, _ change: (Database, Date, String) throws -> Void
    ) throws {
        let source = try PreferenceChange.checkedSource(source)
        try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            guard person.erasedAt == nil else {
                throw ValidationFailure([FieldError(field: "id", reason: "person #\(personId) was erased")])
            }
            let now = clock.now()
            try change(db, now, source)
            try db.execute(sql: "UPDATE person SET updated_at = ? WHERE id = ?", arguments: [now.stored, personId])
            try AuditLog.record("preferences.changed", personId: personId, actor: actor, at: now, in: db)
        }
    }

    func recordChange(_ change: PreferenceChange, personId: Int64, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO preference_change (person_id, subject, topic, channel, value, source, actor, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            personId, change.subject, change.topic, change.channel, change.value, change.source, change.actor,
            change.at.stored,
        ])
    }
}
