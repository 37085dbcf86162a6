import Foundation

/// One message that came in by mail, parsed: what the store files on an inquiry, in the
/// unmatched list, or reads as a bounce or a complaint about something we sent.
public struct ReceivedMail: Sendable {
    /// What the message is, beyond a person writing.
    public enum Nature: Sendable, Equatable {
        /// Written by a person.
        case message
        /// An out-of-office or other automatic answer (RFC 3834): never the requester's answer.
        case automatic
        /// A delivery status notification about a message we sent.
        case bounce(DeliveryReport)
        /// A feedback report (RFC 5965): a recipient marked our message as spam.
        case complaint(FeedbackReport)
    }

    /// The message's identity for storing it once: its Message-ID, else a digest of its bytes.
    public var key: String
    public var messageID: String?
    /// The author's address, lower-cased (`From:`, else the envelope sender).
    public var sender: String?
    public var senderName: String?
    /// Where it was delivered: the envelope recipient, else the first `To:` address.
    public var recipient: String?
    public var subject: String
    /// The ids it answers, nearest first: `In-Reply-To`, then `References` from the newest.
    public var answers: [String]
    /// The text as written, without the quoted history beneath it.
    public var text: String
    /// The message exactly as it arrived.
    public var original: Data
    public var attachments: [MailAttachment]
    public var nature: Nature

    public init(
        key: String, messageID: String?, sender: String?, senderName: String?, recipient: String?, subject: String,
        answers: [String], text: String, original: Data, attachments: [MailAttachment], nature: Nature
    ) {
        self.key = key
        self.messageID = messageID
        self.sender = sender
        self.senderName = senderName
        self.recipient = recipient
        self.subject = subject
        self.answers = answers
        self.text = text
        self.original = original
        self.attachments = attachments
        self.nature = nature
    }

    /// The inquiry a `[#INQ-N]` tag in the subject names. Read without a regular expression:
    /// the first one a process compiles loads ICU, a tenth of `mail receive`'s whole run.
    public var taggedInquiry: Int64? {
        var rest = Substring(subject)
        while let start = rest.range(of: "[#INQ-") {
            let digits = rest[start.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.count <= 18, rest[digits.endIndex...].first == "]" { return Int64(digits) }
            rest = rest[start.upperBound...]
        }
        return nil
    }
}

/// A file that came with a message.
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// What a bounce says about one message we sent (RFC 3464, or a non-standard fallback).
public struct DeliveryReport: Sendable, Equatable {
    /// The recipient that failed, as the report names it.
    public var recipient: String?
    /// The enhanced status code, like `5.1.1`.
    public var status: String
    /// The remote server's words, when the report quotes them.
    public var diagnostic: String?
    /// The Message-ID of the message that bounced, when the report quotes its headers.
    public var originalMessageID: String?

    public init(recipient: String?, status: String, diagnostic: String?, originalMessageID: String?) {
        self.recipient = recipient
        self.status = status
        self.diagnostic = diagnostic
        self.originalMessageID = originalMessageID
    }

    /// A 5.x.x status: the address will not work again.
    public var isPermanent: Bool { status.hasPrefix("5") }
}

/// A recipient's complaint about one message (RFC 5965 `message/feedback-report`).
public struct FeedbackReport: Sendable, Equatable {
    /// `abuse`, `fraud`, … as the report gives it.
    public var feedbackType: String
    /// The address our message went to.
    public var originalRecipient: String?
    /// The Message-ID of our message, from the report's copy of its headers.
    public var originalMessageID: String?

    public init(feedbackType: String, originalRecipient: String?, originalMessageID: String?) {
        self.feedbackType = feedbackType
        self.originalRecipient = originalRecipient
        self.originalMessageID = originalMessageID
    }
}
