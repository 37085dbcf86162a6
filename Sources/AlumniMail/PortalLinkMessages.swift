import AlumniCore
import Crypto
import Foundation

/// The e-mail with a portal sign-in link, in the person's language, from the template
/// `portal-sign-in` (English when their language has none).
public struct PortalLinkMessages: PortalLinkRenderer {
    public let from: Mailbox
    /// The server's public address, without a trailing slash.
    public let publicURL: String
    /// A folder of the organisation's own templates, read before the shipped ones.
    public let overrides: String?

    public init(from: Mailbox, publicURL: String, overrides: String? = nil) {
        self.from = from
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.overrides = overrides
    }

    public func message(for mail: PortalLinkMail, now: Date) throws -> NewOutboxMessage? {
        let person = mail.person
        let template = try MessageTemplate(
            "portal-\(mail.purpose.rawValue)", language: person.fields.language?.rawValue ?? "en",
            overrides: overrides)
        let values: [String: Any] = [
            "name": person.fields.givenName ?? person.displayName,
            "link": "\(publicURL)/my/link/\(mail.token)",
            "minutes": Int(mail.expires.timeIntervalSince(now) / 60),
        ]
        // Each link is its own message, named by a hash of its token (never the token itself).
        let digest = SHA256.hash(data: Data(mail.token.utf8)).prefix(12).map { String($0, radix: 16) }.joined()
        return try PersonMessage.make(
            "portal-\(mail.purpose.rawValue)", to: person, at: mail.address, from: from,
            subject: template.subject.render(values),
            text: template.body.render(values).trimmingCharacters(in: .newlines),
            messageID: "<portal-\(mail.purpose.rawValue)-\(digest)@alumni-desk>",
            dedupeKey: "portal-link:\(person.id):\(digest)", date: now, headers: [("Auto-Submitted", "auto-generated")])
    }
}
