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
        try db.cachedStatement(sql: PreferenceRows.consentSQL)
            .execute(arguments: StatementArguments(PreferenceRows.values(of: consent, personId: personId)))
        try recordChange(PreferenceRows.change(recording: consent), personId: personId, in: db)
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
        try db.execute(sql: PreferenceRows.doNotContactSQL, arguments: [on, personId])
        try recordChange(
            PreferenceRows.doNotContactChange(on, source: source, actor: actor, at: now), personId: personId, in: db)
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
        try db.execute(sql: PreferenceRows.languageSQL, arguments: [language, personId])
        try recordChange(
            PreferenceRows.languageChange(language, source: source, actor: actor, at: now), personId: personId, in: db)
    }

    /// Sets how the person prefers to be reached, and a note in their words
    /// ("call me, don't book a meeting"). Nil leaves that part unchanged; a change with neither
    /// is refused, so nothing is audited that did not happen.
    public func setPreferredWay(
        personId: Int64, channel: ContactChannel?, note: String?, source: String, actor: Caller
    ) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        let edits = try PreferenceRows.wayEdits(channel: channel, note: note)
        try changePreferences(personId: personId, source: source, actor: actor) { db, now, source in
            for edit in edits {
                try db.execute(sql: edit.sql, arguments: [edit.value, personId])
                try recordChange(edit.change(source, actor, now), personId: personId, in: db)
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
        try PreferenceRows.preferences(
            of: person,
            consents: try Row.fetchAll(db.cachedStatement(sql: PreferenceRows.consentsSQL), arguments: [person.id]),
            history: try Row.fetchAll(db.cachedStatement(sql: PreferenceRows.historySQL), arguments: [person.id]))
    }

    /// Runs a preference change in one transaction with its audit entry, on a person who exists
    /// and is not erased; the change is handed its source, checked by the core's rule.
    func changePreferences(
        personId: Int64, source: String, actor: String, _ change: (Database, Date, String) throws -> Void
    ) throws {
        let source = try PreferenceChange.checkedSource(source)
        try write { db in
            try PreferenceRows.checkChangeable(try PersonRows.fetch(id: personId, in: db))
            let now = clock.now()
            try change(db, now, source)
            try db.execute(sql: PreferenceRows.touchSQL, arguments: [now.stored, personId])
            try AuditLog.record(PreferenceRows.auditAction, personId: personId, actor: actor, at: now, in: db)
        }
    }

    func recordChange(_ change: PreferenceChange, personId: Int64, in db: Database) throws {
        try db.cachedStatement(sql: PreferenceRows.changeSQL)
            .execute(arguments: StatementArguments(PreferenceRows.values(of: change, personId: personId)))
    }
}
