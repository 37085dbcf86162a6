import AlumniCore
import AlumniStore

/// Reads the preference page's form (`application/x-www-form-urlencoded`): `consent[]` once per
/// ticked `topic.channel`, `language`, and `do_not_contact=on`. Fields the form does not have
/// are ignored, as browsers and proxies may add some.
enum PreferenceForm {
    static func choice(from body: String) throws -> PreferenceChoice {
        let fields = try FormFields(body, only: ["consent", "language", "do_not_contact"])
        var choice = PreferenceChoice(granted: [], language: nil, doNotContact: false)
        var errors: [FieldError] = []
        for value in fields.all("consent") {
            let names = value.split(separator: ".").map(String.init)
            guard names.count == 2, let topic = ContactTopic(rawValue: names[0]),
                let channel = ContactChannel(rawValue: names[1])
            else {
                errors.append(FieldError(field: "consent", reason: "'\(value)' is not a topic.channel pair"))
                continue
            }
            choice.granted.insert(ConsentKey(topic, channel))
        }
        if let value = fields["language"] {
            if let language = Language(rawValue: value) {
                choice.language = language
            } else {
                errors.append(
                    FieldError(field: "language", reason: "'\(value)' is not one of \(Language.allowedValues)"))
            }
        }
        // A ticked checkbox sends `on`; an unticked one sends nothing.
        if let value = fields["do_not_contact"] {
            if value == "on" {
                choice.doNotContact = true
            } else {
                errors.append(FieldError(field: "do_not_contact", reason: "'\(value)' is not on"))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return choice
    }
}
