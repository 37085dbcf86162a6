import AlumniCore
import Foundation

/// The small pages a person sees after following a link from a message: no account, no
/// scripts, one form each.
enum SelfServicePages {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

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
            <p>Or <a href="/preferences/\(escape(token))">choose what we send you</a>.</p>
            """)
    }

    static func unsubscribed(topic: ContactTopic, token: String) -> String {
        page(
            title: "You are unsubscribed",
            """
            <p>We will not email you about <strong>\(topic.rawValue)</strong> any more.</p>
            <p>Changed your mind, or want to stop other emails too? <a href="/preferences/\(escape(token))">Your preferences</a>.</p>
            """)
    }

    /// The preference form: topics by channel, language, do-not-contact.
    static func preferences(name: String, current: ContactPreferences, token: String, saved: Bool) -> String {
        let channels = ContactChannel.allCases
        // Typed as strings: with GRDB in the module, an untyped interpolation could become SQL.
        let header: String = channels.map { "<th>\($0.rawValue)</th>" }.joined()
        let rows: String = ContactTopic.allCases.map { (topic: ContactTopic) -> String in
            let cells: String = channels.map { (channel: ContactChannel) -> String in
                let checked = current.allowsIgnoringDoNotContact(topic, on: channel) ? " checked" : ""
                return """
                    <td><input type="checkbox" name="consent" value="\(topic.rawValue).\(channel.rawValue)" \
                    aria-label="\(topic.rawValue) by \(channel.rawValue)"\(checked)></td>
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
            \(saved ? "<p><strong>Saved.</strong> Thank you.</p>" : "")
            <p>Hello \(escape(name)). Tick what you would like to hear from us about, and how.</p>
            <form method="post" action="/preferences/\(escape(token))">
            <table><tr><th></th>\(header)</tr>
            \(rows)
            </table>
            <p><label>Language <select name="language">\(languages)</select></label></p>
            <p><label><input type="checkbox" name="do_not_contact" value="on"\(current.doNotContact ? " checked" : "")> \
            Do not contact me at all</label></p>
            <p><button type="submit">Save</button></p>
            </form>
            """)
    }

    static func refused(title: String, _ reason: String) -> String {
        page(title: title, "<p>\(escape(reason))</p>")
    }
}

extension ContactPreferences {
    /// Whether the pair was granted, do-not-contact aside (the form shows both separately).
    func allowsIgnoringDoNotContact(_ topic: ContactTopic, on channel: ContactChannel) -> Bool {
        consents.contains { $0.topic == topic && $0.channel == channel && $0.granted }
    }
}
