import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of contact preferences, the same on both stores: each change writes its
/// column or consent row and one history row, touches the person and is audited.
enum PreferenceRows {
    static let consentSQL = """
        INSERT INTO consent (person_id, topic, channel, granted, source, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (person_id, topic, channel) DO UPDATE SET
            granted = excluded.granted, source = excluded.source, actor = excluded.actor, at = excluded.at
        """
    static let changeSQL = """
        INSERT INTO preference_change (person_id, subject, topic, channel, value, source, actor, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let doNotContactSQL = "UPDATE person SET do_not_contact = ? WHERE id = ?"
    static let languageSQL = "UPDATE person SET language = ? WHERE id = ?"
    static let touchSQL = "UPDATE person SET updated_at = ? WHERE id = ?"
    static let consentsSQL = "SELECT * FROM consent WHERE person_id = ? ORDER BY topic, channel"
    static let historySQL = "SELECT * FROM preference_change WHERE person_id = ? ORDER BY id"
    static let auditAction = "preferences.changed"

    /// Preferences change only on a person who is not erased.
    static func checkChangeable(_ person: Person) throws {
        guard person.erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "id", reason: "person #\(person.id) was erased")])
        }
    }

    static func values(of consent: Consent, personId: Int64) -> [DatabaseValue] {
        [
            personId.databaseValue, consent.topic.databaseValue, consent.channel.databaseValue,
            consent.granted.databaseValue, consent.source.databaseValue, consent.actor.databaseValue,
            consent.at.stored.databaseValue,
        ]
    }

    static func values(of change: PreferenceChange, personId: Int64) -> [DatabaseValue] {
        [
            personId.databaseValue, change.subject.databaseValue, change.topic.databaseValue,
            change.channel.databaseValue, change.value.databaseValue, change.source.databaseValue,
            change.actor.databaseValue, change.at.stored.databaseValue,
        ]
    }

    /// The history row a consent decision leaves.
    static func change(recording consent: Consent) -> PreferenceChange {
        PreferenceChange(
            subject: .consent, topic: consent.topic, channel: consent.channel,
            value: consent.granted ? "granted" : "denied", source: consent.source, actor: consent.actor,
            at: consent.at)
    }

    static func doNotContactChange(_ on: Bool, source: String, actor: String, at now: Date) -> PreferenceChange {
        PreferenceChange(subject: .doNotContact, value: on ? "on" : "off", source: source, actor: actor, at: now)
    }

    static func languageChange(_ language: Language, source: String, actor: String, at now: Date) -> PreferenceChange {
        PreferenceChange(subject: .language, value: language.rawValue, source: source, actor: actor, at: now)
    }

    /// One column of how the person prefers to be reached, and the history row its change leaves.
    struct WayEdit: Sendable {
        var sql: String
        var value: String
        var change: @Sendable (_ source: String, _ actor: String, _ at: Date) -> PreferenceChange
    }

    /// The edits of a preferred channel and a note; a change with neither is refused, so
    /// nothing is audited that did not happen.
    static func wayEdits(channel: ContactChannel?, note: String?) throws -> [WayEdit] {
        guard channel != nil || note != nil else {
            throw ValidationFailure([FieldError(field: "channel", reason: "give a channel, a note or both")])
        }
        var edits: [WayEdit] = []
        if let channel {
            edits.append(
                WayEdit(sql: "UPDATE person SET preferred_channel = ? WHERE id = ?", value: channel.rawValue) {
                    PreferenceChange(
                        subject: .preferredChannel, channel: channel, value: channel.rawValue, source: $0, actor: $1,
                        at: $2)
                })
        }
        if let note {
            edits.append(
                WayEdit(sql: "UPDATE person SET contact_note = ? WHERE id = ?", value: note) {
                    PreferenceChange(subject: .contactNote, value: note, source: $0, actor: $1, at: $2)
                })
        }
        return edits
    }

    /// The preferences of `person` with the rows of ``consentsSQL`` and ``historySQL``.
    static func preferences(of person: Person, consents: [Row], history: [Row]) throws -> ContactPreferences {
        ContactPreferences(
            personId: person.id, doNotContact: person.doNotContact, language: person.fields.language,
            preferredChannel: person.preferredChannel, contactNote: person.contactNote,
            consents: try consents.map(Consent.init(row:)), history: try history.map(PreferenceChange.init(row:)))
    }
}
