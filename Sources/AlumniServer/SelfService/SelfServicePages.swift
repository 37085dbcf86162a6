import AlumniCore
import AlumniStore
import AlumniWeb
import Foundation

/// The small pages a person sees after following a link from a message: no account, no
/// scripts, one form each.
enum SelfServicePages {
    static func escape(_ text: String) -> String { HTMLEscaping.escaped(text) }

    static func page(title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left}button{font-size:1rem;padding:.4rem 1rem}</style>
        </head><body><h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    /// Asks before unsubscribing: a GET must not change anything (mail scanners follow links).
    static func confirmUnsubscribe(topic: ContactTopic, token: String) -> String {
        page(
            title: "Unsubscribe",
            """
            <p>Stop emails about <strong>\(topic.rawValue)</strong>?</p>
            <form method="post" action="/unsubscribe/\(escape(token))"><button type="submit">Unsubscribe</button></form>
            \(otherPreferences(token: token))
            """)
    }

    static func unsubscribed(topic: ContactTopic, token: String) -> String {
        page(
            title: "You are unsubscribed",
            """
            <p>We will not email you about <strong>\(topic.rawValue)</strong> any more.</p>
            \(otherPreferences(token: token))
            """)
    }

    /// An unsubscribe link opens nothing else (whoever the message was forwarded to has it too):
    /// the preference page comes as a link by e-mail, to the person's own address.
    private static func otherPreferences(token: String) -> String {
        """
        <p>To choose what else we send you, and how, we can email you a link to your preferences.</p>
        <form method="post" action="/unsubscribe/\(escape(token))/preference-link">\
        <button type="submit">Email me a link to my preferences</button></form>
        """
    }

    /// Asks before recording anything: a GET must not change anything.
    static func confirmKeep(token: String) -> String {
        page(
            title: "Stay in touch",
            """
            <p>Would you like us to keep you on our alumni list? We will keep what we hold about you and \
            count our time from today.</p>
            <form method="post" action="/keep/\(escape(token))"><button type="submit">Keep me on the list</button></form>
            """)
    }

    static let kept = page(
        title: "Thank you",
        """
        <p>We will keep you on our alumni list. You can choose what we send you from the link in any of our \
        emails.</p>
        """)

    /// The same answer whether a message went or not: the page tells nothing about the person.
    static let preferenceLinkSent = page(
        title: "Check your email",
        """
        <p>If we have an email address for you, a link to your preferences is on its way. It works for a few \
        days. We send at most one an hour.</p>
        """)

    /// The preference form: topics by channel, language, do-not-contact.
    /// A link can take consent away but not give it: boxes not ticked now cannot be ticked here.
    static func preferences(
        name: String, current: ContactPreferences, token: String, saved: PreferenceChoice.NotDone?
    ) -> String {
        let channels = ContactChannel.allCases
        // Typed as strings: with GRDB in the module, an untyped interpolation could become SQL.
        let header: String = channels.map { "<th>\($0.rawValue)</th>" }.joined()
        let rows: String = ContactTopic.allCases.map { (topic: ContactTopic) -> String in
            let cells: String = channels.map { (channel: ContactChannel) -> String in
                let granted = current.allowsIgnoringDoNotContact(topic, on: channel)
                return """
                    <td><input type="checkbox" name="consent[]" value="\(topic.rawValue).\(channel.rawValue)" \
                    aria-label="\(topic.rawValue) by \(channel.rawValue)"\(granted ? " checked" : " disabled")></td>
                    """
            }.joined()
            return "<tr><th>\(topic.rawValue)</th>\(cells)</tr>"
        }.joined(separator: "\n")
        let languages: String = Language.allCases.map { (language: Language) -> String in
            let selected = current.language == language ? " selected" : ""
            return "<option value=\"\(language.rawValue)\"\(selected)>\(escape(language.nativeName))</option>"
        }.joined()
        return page(
            title: "Your preferences",
            """
            \(saved == nil ? "" : "<p><strong>Saved.</strong> Thank you.</p>")
            \(saved?.isEmpty == false ? needsConfirmation : "")
            <p>Hello \(escape(name)). Untick what you no longer want to hear from us about. To turn something on, \
            reply to our email.</p>
            <form method="post" action="/preferences/\(escape(token))">
            <table><tr><th></th>\(header)</tr>
            \(rows)
            </table>
            <p><label>Language <select name="language">\(languages)</select></label></p>
            \(current.doNotContact ? doNotContactKept : doNotContactBox)
            <p><button type="submit">Save</button></p>
            </form>
            """)
    }

    private static let needsConfirmation = """
        <p>Turning something on, or do-not-contact off, needs your confirmation, which this link \
        cannot give: reply to our email and we will do it.</p>
        """
    private static let doNotContactKept = """
        <p>You asked us not to contact you at all.<input type="hidden" name="do_not_contact" value="on"></p>
        """
    private static let doNotContactBox = """
        <p><label><input type="checkbox" name="do_not_contact" value="on"> Do not contact me at all</label></p>
        """

    static func refused(title: String, _ reason: String) -> String {
        page(title: title, "<p>\(escape(reason))</p>")
    }
}
