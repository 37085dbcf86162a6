import AlumniCore

/// The one-click unsubscribe POST (RFC 8058): an empty body from our confirmation page, or
/// `List-Unsubscribe=One-Click` from a mail client. Any other value of that field is refused.
enum UnsubscribeForm {
    static func check(_ body: String) throws {
        if let value = try FormFields(body, only: ["List-Unsubscribe"])["List-Unsubscribe"], value != "One-Click" {
            throw ValidationFailure([FieldError(field: "List-Unsubscribe", reason: "'\(value)' is not One-Click")])
        }
    }
}
