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

    /// The link versions of `count` people (their ids bound), erased or not.
    static func linkVersionsSQL(count: Int) -> String {
        "SELECT id, link_version FROM person WHERE id IN (\(databaseQuestionMarks(count: count)))"
    }

    /// Each person's link version, from the rows of ``linkVersionsSQL(count:)``.
    static func linkVersions(_ rows: [Row]) -> [Int64: Int] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0["id"], $0["link_version"]) })
    }

    /// The person's link version from a row of ``linkVersionSQL``; nil once they are erased.
    static func linkVersion(_ row: Row) -> Int? {
        (row["erased_at"] as DatabaseValue).isNull ? row["link_version"] as Int : nil
    }

    /// Why a link cannot be handed out for an erased person.
    static func erased(_ personId: Int64) -> ValidationFailure {
        ValidationFailure([FieldError(field: "id", reason: "person #\(personId) was erased")])
    }

    /// At most one preference-link e-mail a person per this many seconds, however often asked.
    private static let preferenceLinkInterval: TimeInterval = 3600

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
