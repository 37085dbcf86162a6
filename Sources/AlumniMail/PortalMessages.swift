import AlumniCore
import Crypto
import Foundation

/// The portal's e-mails, in the person's language (English when their language has none): a
/// sign-in link (template `portal-sign-in`), a link confirming a new address
/// (`portal-email-change`) and the notice to the old address (`portal-email-changed`).
public struct PortalMessages: PortalMessageRenderer {
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
            "hours": Int(mail.expires.timeIntervalSince(now) / 3600),
            "address": mail.address,
        ]
        let digest = Self.digest(of: mail.token)
        return try PersonMessage.make(
            "portal-\(mail.purpose.rawValue)", to: person, at: mail.address, from: from,
            subject: template.subject.render(values),
            text: template.body.render(values).trimmingCharacters(in: .newlines),
            messageID: "<portal-\(mail.purpose.rawValue)-\(digest)@alumni-desk>",
            dedupeKey: "portal-link:\(person.id):\(digest)", date: now, headers: [("Auto-Submitted", "auto-generated")])
    }

    public func addressChangedMessage(for person: Person, oldAddress: String, newAddress: String, now: Date) throws
        -> NewOutboxMessage?
    {
        let template = try MessageTemplate(
            "portal-email-changed", language: person.fields.language?.rawValue ?? "en", overrides: overrides)
        let values: [String: Any] = ["name": person.fields.givenName ?? person.displayName, "address": newAddress]
        let stamp = Int64(now.timeIntervalSince1970 * 1000)
        return try PersonMessage.make(
            "portal-email-changed", to: person, at: oldAddress, from: from, subject: template.subject.render(values),
            text: template.body.render(values).trimmingCharacters(in: .newlines),
            messageID: "<portal-email-changed-\(person.id)-\(stamp)@alumni-desk>",
            dedupeKey: "portal-notice:\(person.id):\(stamp)", date: now, headers: [("Auto-Submitted", "auto-generated")]
        )
    }

    public func registrationMessage(for registration: PortalRegistration, token: String, now: Date) throws
        -> NewOutboxMessage?
    {
        let template = try MessageTemplate(
            "portal-registration", language: registration.language?.rawValue ?? "en", overrides: overrides)
        let values: [String: Any] = ["name": registration.givenName, "link": "\(publicURL)/my/confirm/\(token)"]
        let subject = template.subject.render(values)
        let text = template.body.render(values).trimmingCharacters(in: .newlines)
        let digest = Self.digest(of: token)
        let messageID = "<portal-registration-\(digest)@alumni-desk>"
        let mail = MailMessage(
            from: from,
            to: [Mailbox(name: "\(registration.givenName) \(registration.familyName)", address: registration.email)],
            subject: subject, text: text, messageID: messageID, date: now,
            extraHeaders: [("Auto-Submitted", "auto-generated")])
        let payload = try JSONSerialization.data(
            withJSONObject: [
                "kind": "portal-registration", "to": registration.email, "subject": subject, "text": text,
            ],
            options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: "portal-registration:\(digest)", recipient: registration.email, subject: subject,
            messageID: messageID, mime: mail.render(), payload: String(decoding: payload, as: UTF8.self))
    }

    /// Each link's message is its own, named by a hash of its token (never the token itself).
    private static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).prefix(12).map { String($0, radix: 16) }.joined()
    }
}
