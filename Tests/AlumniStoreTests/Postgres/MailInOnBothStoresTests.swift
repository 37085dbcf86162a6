import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// Mail that came in, through `Store`: the same messages at the same moments are filed alike
/// on SQLite and PostgreSQL — replies, a new question and its acknowledgement, an automatic
/// answer, a stranger's message, a bounce, a complaint, a message delivered twice.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct MailInOnBothStoresTests {
    static let admin = BothStores.admin

    /// What each store made of the same mail.
    struct Outcome: Equatable {
        var receipts: [MailReceipt]
        var mail: [[String: DatabaseValue]]
        var attachments: [[String: DatabaseValue]]
        var thread: [InquiryEvent]
        var opened: Inquiry?
        var outbox: [[String: DatabaseValue]]
        var status: PersonMailStatus
        var preferences: ContactPreferences
        var audit: [AuditEvent]
    }

    @Test("replies, a new question, an automatic answer, a stranger, a bounce, a complaint and a redelivery alike")
    func sameFiling() async throws {
        try await BothStores.with(people: 12, messages: InquiriesOnBothStoresTests.EchoMessages()) {
            sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.receive($0, clock: clock)
            }
            #expect(
                outcome.receipts.map(\.outcome) == [
                    .reply, .reply, .unmatched, .newInquiry, .automatic, .unmatched, .bounce, .complaint,
                ])
            #expect(outcome.receipts[1].duplicate && outcome.receipts[1].mailId == outcome.receipts[0].mailId)
            #expect(outcome.mail.count == 7, "the redelivered message is stored once")
            #expect(outcome.attachments.map { $0["filename"] } == ["letter.pdf".databaseValue])
            #expect(outcome.thread.last?.body == "Thank you, that helps.")
            #expect(outcome.opened?.channel == .email && outcome.opened?.subject == "A new question")
            #expect(outcome.status.undeliverableSince != nil, "a permanent bounce marks the address")
            #expect(outcome.audit.contains { $0.action == "mail.unmatched" })
        }
    }

    /// What each store made of the same work on the unmatched list.
    struct Work: Equatable {
        var unmatched: Page<InboundMailRecord>
        var read: InboundMailRecord
        var original: Data
        var file: Data
        var receipts: [MailReceipt]
        var refusals: Int
        var left: Page<InboundMailRecord>
        var dismissed: Page<InboundMailRecord>
        var audit: [AuditEvent]
    }

    @Test(
        "the unmatched list, a message, its file and original read, filed on an inquiry and on a new person, dismissed, alike"
    )
    func sameUnmatchedWork() async throws {
        try await BothStores.with(people: 12, messages: InquiriesOnBothStoresTests.EchoMessages()) {
            sqlite, postgres, clock in
            let work = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                _ = try await Self.receive($0, clock: clock)
                return try await Self.work($0)
            }
            #expect(work.unmatched.total == 2 && work.unmatched.items.allSatisfy { $0.text.isEmpty })
            #expect(work.read.text == "Thank you, that helps." && work.original == Data("original <stranger@x>".utf8))
            #expect(work.receipts.map(\.outcome) == [.reply, .newInquiry] && work.refusals == 2)
            #expect(work.left.total == 0 && work.dismissed.total == 0, "both filed, none left")
            #expect(work.audit.filter { $0.action == "mail.read" }.count == 2)
        }
    }

    private static func work(_ store: Store) async throws -> Work {
        let unmatched = try await store.inboundMail(as: admin)
        let stranger = try #require(unmatched.items.first { $0.sender == "stranger@example.org" })
        let lost = try #require(unmatched.items.first { $0.sender == nil })
        let filed = try #require(try await store.inboundMail(status: .filed, as: admin).items.last)
        let file = try await store.inboundAttachment(id: try #require(filed.attachments.first?.id), as: admin)
        let inquiry = try #require(filed.inquiryId)
        var receipts = [try await store.assignInboundMail(id: stranger.id, to: .inquiry(inquiry), actor: admin)]
        receipts.append(
            try await store.assignInboundMail(
                id: lost.id, to: .newPerson(PersonFields(givenName: "Kari", familyName: "Nordmann", kind: .customer)),
                actor: admin))
        var refusals = 0
        for refused in [
            { try await store.dismissInboundMail(id: stranger.id, actor: admin) },
            { _ = try await store.assignInboundMail(id: lost.id, to: .person(1), actor: admin) },
        ] {
            do { try await refused() } catch is ValidationFailure { refusals += 1 }
        }
        return Work(
            unmatched: unmatched, read: try await store.inboundMail(id: stranger.id, reader: admin),
            original: try await store.inboundMailOriginal(id: stranger.id, reader: admin), file: file.1,
            receipts: receipts, refusals: refusals, left: try await store.inboundMail(as: admin),
            dismissed: try await store.inboundMail(status: .dismissed, as: admin),
            audit: try await store.auditEvents(as: admin).items)
    }

    private static func receive(_ store: Store, clock: SettableClock) async throws -> Outcome {
        let person = try #require(
            try await store.people(matching: PersonQuery(), as: admin).items.first { $0.fields.email != nil })
        let address = try #require(person.fields.email)
        let other = try #require(
            try await store.people(matching: PersonQuery(), as: admin).items.last {
                $0.fields.email != nil && $0.id != person.id
            })
        try await store.setConsent(
            personId: other.id, topic: .newsletter, channel: .email, granted: true, source: "test", actor: admin)
        let inquiry = try await store.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Papers", body: "Where are my papers?"),
            actor: admin)
        func mail(
            _ key: String, from sender: String?, subject: String, text: String = "Thank you, that helps.",
            attachments: [MailAttachment] = [], nature: ReceivedMail.Nature = .message
        ) -> ReceivedMail {
            ReceivedMail(
                key: key, messageID: key, sender: sender, senderName: nil, recipient: "desk@example.com",
                subject: subject, answers: [], text: text, original: Data("original \(key)".utf8),
                attachments: attachments, nature: nature)
        }
        let tagged = "Re: Papers [#INQ-\(inquiry.id)]"
        let letter = MailAttachment(filename: "letter.pdf", contentType: "application/pdf", data: Data("%PDF-1".utf8))
        var receipts: [MailReceipt] = []
        for message in [
            mail("<reply@x>", from: address, subject: tagged, attachments: [letter]),
            mail("<reply@x>", from: address, subject: tagged),
            mail("<stranger@x>", from: "stranger@example.org", subject: tagged),
            mail("<new@x>", from: address, subject: "A new question", text: "Can you help?"),
            mail("<away@x>", from: address, subject: "Out of office: \(tagged)", nature: .automatic),
            mail("<lost@x>", from: nil, subject: "No sender"),
        ] {
            clock.advance(60)
            receipts.append(try await store.receiveMail(message))
        }
        // The acknowledgement went to the person's address: it bounces, for good.
        let acknowledgement = try #require(
            try await store.outboxMessages(status: nil, limit: 10).items.first {
                $0.recipient.lowercased() == address.lowercased()
            })
        let report = DeliveryReport(
            recipient: address, status: "5.1.1", diagnostic: "550 5.1.1 <\(address)>: no such user",
            originalMessageID: acknowledgement.messageID)
        receipts.append(
            try await store.receiveMail(mail("<bounce@x>", from: nil, subject: "", nature: .bounce(report))))
        let complaint = FeedbackReport(
            feedbackType: "abuse", originalRecipient: other.fields.email, originalMessageID: nil)
        receipts.append(
            try await store.receiveMail(mail("<complaint@x>", from: nil, subject: "", nature: .complaint(complaint))))
        let opened = receipts[3].inquiryId
        return Outcome(
            receipts: receipts,
            mail: try await store.rows(
                """
                SELECT message_key, sender, recipient, subject, nature, status, reason, person_id, inquiry_id,
                       event_id, outbox_id, text FROM inbound_mail ORDER BY id
                """),
            attachments: try await store.rows("SELECT mail_id, filename, content_type, size FROM inbound_attachment"),
            thread: try await store.thread(ofInquiry: inquiry.id, as: admin),
            opened: try await opened.asyncMap { try await store.inquiry(id: $0, as: admin) },
            outbox: try await store.rows(
                "SELECT dedupe_key, recipient, subject, status, last_error FROM outbox_message ORDER BY id"),
            status: try await store.mailStatus(personId: person.id),
            preferences: try await store.preferences(personId: other.id, as: admin),
            audit: try await store.auditEvents(as: admin).items)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
