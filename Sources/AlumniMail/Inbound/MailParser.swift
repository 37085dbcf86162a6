import AlumniCore
import Crypto
import Foundation

/// Turns a message as a mail server delivers it (RFC 5322, MIME) into a ``ReceivedMail``: its
/// text in readable form without quoted history, its attachments, and what kind of message it
/// is — a person writing, an automatic answer, a bounce or a complaint.
public enum MailParser {
    /// Parses `data`; `envelopeSender` and `envelopeRecipient` are what the mail server passed
    /// (`--sender`, `--recipient`), preferred over the headers.
    public static func parse(_ data: Data, envelopeSender: String? = nil, envelopeRecipient: String? = nil)
        -> ReceivedMail
    {
        let message = MIMEPart(ArraySlice(data))
        let headers = message.headers
        let messageID = headers["message-id"].flatMap { MailAddresses.messageIDs($0).first }
        let from = headers["from"]
        let sender = from.map(MailAddresses.address) ?? envelopeSender.map(MailAddresses.address)
        let subject = EncodedWords.decode(headers["subject"] ?? "")
        let answers =
            (headers["in-reply-to"].map(MailAddresses.messageIDs) ?? [])
            + (headers["references"].map(MailAddresses.messageIDs) ?? []).reversed()
        var text = ""
        var attachments: [MailAttachment] = []
        var html: String?
        for leaf in message.leaves {
            if leaf.isAttachment {
                attachments.append(
                    MailAttachment(
                        filename: leaf.filename
                            ?? (leaf.contentType.essence == "message/rfc822" ? "forwarded.eml" : "attachment"),
                        contentType: leaf.contentType.essence,
                        data: leaf.decodedBody))
            } else if leaf.contentType.essence == "text/plain", text.isEmpty {
                text = leaf.text
            } else if leaf.contentType.essence == "text/html", html == nil {
                html = leaf.text
            }
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let html { text = HTMLText.plain(html) }
        let nature: ReceivedMail.Nature =
            if let report = MailReports.feedbackReport(message) {
                .complaint(report)
            } else if let report = MailReports.deliveryReport(
                message, sender: envelopeSender.map(MailAddresses.address) ?? sender)
            {
                .bounce(report)
            } else if isAutomatic(headers, subject: subject) {
                .automatic
            } else {
                .message
            }
        return ReceivedMail(
            key: messageID ?? "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(),
            messageID: messageID, sender: sender, senderName: from.flatMap(MailAddresses.name),
            recipient: envelopeRecipient.map(MailAddresses.address) ?? headers["to"].flatMap(MailAddresses.first),
            subject: subject, answers: answers,
            text: QuotedHistory.strip(text), original: data, attachments: attachments, nature: nature)
    }

    /// An automatic answer (RFC 3834 and what mail programs do instead of it).
    static func isAutomatic(_ headers: MIMEHeaders, subject: String) -> Bool {
        if let submitted = headers["auto-submitted"]?.lowercased(), !submitted.hasPrefix("no") { return true }
        if headers["x-autoreply"] != nil || headers["x-autorespond"] != nil { return true }
        if let precedence = headers["precedence"]?.lowercased(),
            ["bulk", "junk", "list", "auto_reply"].contains(precedence)
        {
            return true
        }
        if headers["x-auto-response-suppress"] != nil, headers["x-ms-exchange-inbox-rules-loop"] != nil { return true }
        let subject = subject.lowercased()
        return automaticSubjects.contains { subject.hasPrefix($0) }
    }

    /// How mail programs begin the subject of an automatic answer; words a person might begin
    /// a subject with themselves count only with the colon a program puts after them.
    private static let automaticSubjects = [
        "auto:", "automatic reply", "autoreply", "auto reply", "out of office", "autosvar", "automatisk svar",
        "fraværende:", "fravær:", "frånvaro:", "abwesenheit:", "automatische antwort", "poissaolo:",
        "automaattinen vastaus", "réponse automatique", "absence:", "vacation:",
    ]
}
