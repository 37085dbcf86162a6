import AlumniCore
import AlumniStore

/// Reads the preference page's form (`application/x-www-form-urlencoded`): `consent` once per
/// ticked `topic.channel`, `language`, and `do_not_contact=on`.
enum PreferenceForm {
    static func choice(from body: String) throws -> PreferenceChoice {
        var choice = PreferenceChoice(granted: [], language: nil, doNotContact: false)
        var errors: [FieldError] = []
        for (name, value) in FormFields.pairs(body) {
            switch name {
            case "consent":
                let names = value.split(separator: ".").map(String.init)
                guard names.count == 2, let topic = ContactTopic(rawValue: names[0]),
                    let channel = ContactChannel(rawValue: names[1])
                else {
                    errors.append(FieldError(field: "consent", reason: "'\(value)' is not a topic.channel pair"))
                    continue
                }
                choice.granted.insert(ConsentKey(topic, channel))
            case "language":
                guard let language = Language(rawValue: value) else {
                    errors.append(
                        FieldError(field: "language", reason: "'\(value)' is not one of \(Language.allowedValues)"))
                    continue
                }
                choice.language = language
            case "do_not_contact":
                // A ticked checkbox sends `on`; an unticked one sends nothing.
                guard value == "on" else {
                    errors.append(FieldError(field: "do_not_contact", reason: "'\(value)' is not on"))
                    continue
                }
                choice.doNotContact = true
            default:
                continue  // Fields the form does not have are ignored, as browsers and proxies may add some.
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return choice
    }
}
