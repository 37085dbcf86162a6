import AlumniCore
import AlumniStore
import Foundation

/// Reads the preference page's form (`application/x-www-form-urlencoded`): `consent` once per
/// ticked `topic.channel`, `language`, and `do_not_contact=on`.
enum PreferenceForm {
    static func choice(from body: String) throws -> PreferenceChoice {
        var choice = PreferenceChoice(granted: [], language: nil, doNotContact: false)
        var errors: [FieldError] = []
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let value = parts.count > 1 ? parts[1] : ""
            switch parts[0] {
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
                choice.doNotContact = value == "on"
            default:
                // RFC 8058 clients post `List-Unsubscribe=One-Click`; other unknown fields are ignored too.
                continue
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return choice
    }
}
