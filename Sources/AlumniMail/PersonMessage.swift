import AlumniCore
import Foundation

/// A plain-text e-mail to one person, as the outbox keeps it: the MIME message, and the JSON
/// the webhook transport posts (`personId`, `kind`, `to`, `subject`, `text`).
enum PersonMessage {
    static func make(
        _ kind: String, to person: Person, at address: String, from: Mailbox, subject: String, text: String,
        messageID: String, dedupeKey: String, date: Date, headers: [(String, String)] = []
    ) throws -> NewOutboxMessage {
        let mail = MailMessage(
            from: from, to: [Mailbox(name: person.displayName, address: address)], subject: subject, text: text,
            messageID: messageID, date: date, extraHeaders: headers)
        let payload = try JSONSerialization.data(
            withJSONObject: ["personId": person.id, "kind": kind, "to": address, "subject": subject, "text": text],
            options: [.sortedKeys])
        return NewOutboxMessage(
            dedupeKey: dedupeKey, recipient: address, subject: subject, messageID: messageID, mime: mail.render(),
            payload: String(decoding: payload, as: UTF8.self), about: person.id)
    }
}
