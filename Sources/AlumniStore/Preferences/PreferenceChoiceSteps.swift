import AlumniCore
import Foundation

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
