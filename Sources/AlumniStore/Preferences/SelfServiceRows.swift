import AlumniCore
import Foundation
import GRDB

/// What people do through the signed links in our messages (unsubscribe, their preference page,
/// "keep me on the list") and staff do with those links, as both stores do it: the statements
/// and the rules.
enum SelfServiceRows {
    /// Whether the person consents to `topic` by e-mail, as `granted`: person id and topic bound.
    static let emailConsentSQL = "SELECT granted FROM consent WHERE person_id = ? AND topic = ? AND channel = 'email'"
    /// The person's link version and whether they were erased: their id bound.
    static let linkVersionSQL = "SELECT link_version, erased_at FROM person WHERE id = ?"
    /// Revokes every link the person has, answering their id: the instant, then their id bound.
    static let revokeSQL = "UPDATE person SET link_version = link_version + 1, updated_at = ? WHERE id = ? RETURNING id"

    /// The person's link version from a row of ``linkVersionSQL``; nil once they are erased.
    static func linkVersion(_ row: Row) -> Int? {
        (row["erased_at"] as DatabaseValue).isNull ? row["link_version"] as Int : nil
    }

    /// Why a link cannot be handed out for an erased person.
    static func erased(_ personId: Int64) -> ValidationFailure {
        ValidationFailure([FieldError(field: "id", reason: "person #\(personId) was erased")])
    }

    /// At most one preference-link e-mail a person per this many seconds, however often asked.
    static let preferenceLinkInterval: TimeInterval = 3600

    /// The dedupe key of a preference-link e-mail to `personId` asked for at `now`: one an hour.
    static func preferenceLinkKey(personId: Int64, now: Date) -> String {
        "preference-link:\(personId):\(Int64(now.timeIntervalSince1970 / preferenceLinkInterval))"
    }

    /// Whether an e-mail with a link may go to `person` at all.
    static func mayBeSentLinks(_ person: Person) -> Bool {
        person.erasedAt == nil && person.fields.email != nil && !person.doNotContact
    }

    /// The person withdrawing e-mail consent for `topic`; nil when they had withdrawn it already.
    static func unsubscribing(from topic: ContactTopic, granted: Bool?, source: String, at now: Date) -> Consent? {
        guard granted ?? true else { return nil }
        return Consent(
            topic: topic, channel: .email, granted: false, source: source, actor: AlumniDatabase.personActor, at: now)
    }

    /// The person's wish to stay, from a retention warning: recorded as their contact.
    static func keepingInTouch(source: String, at now: Date) -> PreferenceChange {
        PreferenceChange(
            subject: .stayInTouch, value: "yes", source: source, actor: AlumniDatabase.personActor, at: now)
    }

    /// The source a retention warning's "keep me on the list" records.
    static let keepSource = "retention warning"
}

/// What applying a person's preference choice changes, decided once for both stores: the
/// consents withdrawn (and, only with `mayGrant`, given), the language, do-not-contact, and
/// what a signed link asked for but may not do.
struct PreferenceChoiceSteps {
    var consents: [Consent] = []
    var language: Language?
    var doNotContact: Bool?
    var notDone = PreferenceChoice.NotDone()

    init(
        _ choice: PreferenceChoice, current: ContactPreferences, mayGrant: Bool, source: String, actor: String,
        at now: Date
    ) {
        let granted = Set(current.consents.filter(\.granted).map { ConsentKey($0.topic, $0.channel) })
        func consent(_ key: ConsentKey, _ granted: Bool) -> Consent {
            Consent(topic: key.topic, channel: key.channel, granted: granted, source: source, actor: actor, at: now)
        }
        consents = Self.ordered(granted.subtracting(choice.granted)).map { consent($0, false) }
        let asked = choice.granted.subtracting(granted)
        if mayGrant {
            consents += Self.ordered(asked).map { consent($0, true) }
        } else {
            notDone.grants = asked
        }
        if let wanted = choice.language, wanted != current.language { language = wanted }
        if choice.doNotContact != current.doNotContact, choice.doNotContact || mayGrant {
            doNotContact = choice.doNotContact
        }
        notDone.liftDoNotContact = !mayGrant && current.doNotContact && !choice.doNotContact
    }

    /// Keys in one order on every run and store: the history lists them as they were written.
    private static func ordered(_ keys: Set<ConsentKey>) -> [ConsentKey] {
        keys.sorted { ($0.topic.rawValue, $0.channel.rawValue) < ($1.topic.rawValue, $1.channel.rawValue) }
    }
}

/// A warning before an erasure for inactivity, decided once for both stores: who gets one,
/// when their erasure would come, and what it says.
enum RetentionWarning {
    /// The warning to `person`, whom `rule` reaches by `soon` (the candidate's last contact
    /// `lastContact`), with the day of their erasure; nil when no e-mail may go to them or the
    /// renderer has nothing to send. Its dedupe key makes it one per last contact.
    static func message(
        to person: Person, linkVersion: Int?, lastContact: Date, rule: RetentionRule, soon: Date,
        calendar: BusinessCalendar, renderer: any RetentionWarningRenderer, now: Date
    ) throws -> (message: NewOutboxMessage, erasureDay: CalendarDate)? {
        guard person.fields.email != nil, !person.doNotContact, let linkVersion else { return nil }
        let due = max(AlumniDatabase.cutoff(rule, now: lastContact, forward: true), soon)
        let day = calendar.day(of: due)
        guard var message = try renderer.message(for: person, linkVersion: linkVersion, erasureDay: day, now: now)
        else { return nil }
        message.dedupeKey = "retention-warning:\(person.id):\(Int64(lastContact.timeIntervalSince1970))"
        return (message, day)
    }

    /// The moment a warning queued at `now` looks ahead to: `days` on.
    static func horizon(days: Int, from now: Date) -> Date { now.addingTimeInterval(Double(days) * 86_400) }

    static let auditAction = "retention.warned"
    static let auditActor = "retention"
    static func auditDetail(_ rule: RetentionRule, _ day: CalendarDate) -> String {
        "rule \(rule.name), erasure from \(day)"
    }
}
