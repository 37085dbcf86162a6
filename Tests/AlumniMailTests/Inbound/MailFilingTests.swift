import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Testing

/// What comes back by mail goes where it belongs: replies on their case, new questions as new
/// cases, strangers' mail in the unmatched list, automatic answers beside the case.
@Suite struct MailFilingTests {
    @Test func aReplyByInReplyToLandsOnItsInquiryWithoutTheQuotedHistory() throws {
        let desk = try MailDesk()
        let receipt = try desk.receive("reply-in-reply-to")
        #expect(receipt.outcome == .reply)
        #expect(receipt.inquiryId == desk.inquiry.id)
        let last = try #require(try desk.thread().last)
        #expect(last.kind == .inbound)
        #expect(last.author == "person #\(desk.anna.id)")
        #expect(last.body == "Thank you! My employee number was 4711 and I worked in Göteborg.\n\nBest,\nAnna")
        // The requester wrote: the case waits for us again, and goes silent if we do not answer.
        #expect(try desk.database.inquiry(id: desk.inquiry.id, as: "test").deadlines.silentAt != nil)
        let stored = try desk.database.inboundMail(id: receipt.mailId, reader: "hr")
        #expect(stored.eventId == last.id)
        #expect(stored.senderName == "Anna Berg")
    }

    @Test func theSameMessageTwiceIsStoredOnce() throws {
        let desk = try MailDesk()
        let first = try desk.receive("reply-in-reply-to")
        let again = try desk.receive("reply-in-reply-to")
        #expect(!first.duplicate)
        #expect(again.duplicate)
        #expect(again.mailId == first.mailId)
        #expect(try desk.thread().filter { $0.kind == .inbound }.count == 2)
        #expect(try desk.count("inbound_mail") == 1)
    }

    @Test func anAnswerResumesAPausedClock() throws {
        let desk = try MailDesk()
        _ = try desk.database.askRequester(inquiry: desk.inquiry.id, body: "Which years?", actor: "hr")
        #expect(try desk.database.inquiry(id: desk.inquiry.id, as: "test").status == .waiting)
        try desk.receive("reply-tag-outlook")
        let inquiry = try desk.database.inquiry(id: desk.inquiry.id, as: "test")
        #expect(inquiry.status == .open)
        #expect(inquiry.timeline.pausedSince == nil)
        #expect(try desk.thread().last?.body == "Here is the paper from 1998 – I hope it helps.")
    }

    @Test func aReplyToAClosedInquiryOpensItAgain() throws {
        let desk = try MailDesk()
        _ = try desk.database.close(inquiry: desk.inquiry.id, resolution: "Answered", actor: "hr")
        let receipt = try desk.receive("reply-iso-8859-1")
        #expect(receipt.outcome == .reply)
        #expect(try desk.database.inquiry(id: desk.inquiry.id, as: "test").status == .open)
        #expect(try desk.thread().suffix(2).map(\.kind) == [.reopened, .inbound])
        #expect(try desk.thread().last?.body?.hasPrefix("Här är mitt svar") == true)
    }

    @Test func aTagFromAStrangerNeverTouchesTheCaseAndWaitsUnmatchedWithAnAlert() throws {
        let desk = try MailDesk()
        let before = try desk.thread()
        let receipt = try desk.receive("forged-tag-stranger")
        #expect(receipt.outcome == .unmatched)
        #expect(receipt.inquiryId == nil && receipt.personId == nil)
        #expect(try desk.thread() == before)
        let waiting = try desk.database.inboundMail(status: .unmatched, as: "test")
        #expect(waiting.items.map(\.id) == [receipt.mailId])
        #expect(waiting.items[0].reason.contains("not that inquiry's requester"))
        #expect(waiting.items[0].text.isEmpty, "lists do not show the words")
        let alerts = try desk.scan()
        #expect(alerts.map(\.kind) == [.unmatchedMail])
        #expect(alerts[0].recipient == "team@example.com")
        #expect(try desk.scan().isEmpty, "raised once")
    }

    @Test func aNewQuestionFromAKnownPersonOpensAnInquiryOfTheRoutedType() throws {
        let desk = try MailDesk()
        try desk.database.setSetting(.mailRoutes, to: "pension@desk.example.com=pension", actor: "admin")
        let receipt = try desk.receive("new-question")
        #expect(receipt.outcome == .newInquiry)
        let opened = try desk.database.inquiry(id: try #require(receipt.inquiryId), as: "test")
        #expect(opened.id != desk.inquiry.id)
        #expect(opened.type == .pension)
        #expect(opened.channel == .email)
        #expect(opened.subject == "Fråga om min pension")
        #expect(opened.timeline.receivedAt == desk.clock.now())
        #expect(
            try desk.database.thread(ofInquiry: opened.id, as: "test").first?.body?.hasPrefix("Hej! Jag undrar") == true
        )
    }

    @Test func aNewQuestionIsAcknowledgedAutomaticallyInTheThreadOfTheirEmail() throws {
        let desk = try MailDesk()
        let receipt = try desk.receive("new-question")
        let inquiryId = try #require(receipt.inquiryId)
        let ack = try #require(
            try desk.database.outboxMessages(status: .queued, limit: 10).items.first {
                $0.subject.hasPrefix("We received")
            })
        #expect(ack.subject == "We received your message: Fråga om min pension [#INQ-\(inquiryId)]")
        let mime = String(decoding: ack.mime, as: UTF8.self)
        #expect(mime.contains("Auto-Submitted: auto-replied"))
        #expect(mime.contains("In-Reply-To: <new-question-1@mail.example.com>"))
        let firstResponse = try desk.database.inquiry(id: inquiryId, as: "test").deadlines.firstResponseDue
        let day = try desk.database.businessCalendar().day(of: firstResponse.addingTimeInterval(-1))
        #expect(mime.contains("by \(day) at the latest"))
        // Their answer to the acknowledgement lands on the new inquiry.
        let answer =
            "From: anna.berg@example.com\r\nIn-Reply-To: \(ack.messageID)\r\nMessage-ID: <a2@x>\r\n\r\nMore\r\n"
        #expect(try desk.database.receiveMail(MailParser.parse(Data(answer.utf8))).inquiryId == inquiryId)
    }

    @Test func twoAutoRespondersCannotLoop_atMostThreeAutomaticMessagesAnHour() throws {
        let desk = try MailDesk()
        for number in 1...5 {
            let question =
                "From: anna.berg@example.com\r\nSubject: Q\(number)\r\nMessage-ID: <q\(number)@x>\r\n\r\nHi\r\n"
            #expect(try desk.database.receiveMail(MailParser.parse(Data(question.utf8))).outcome == .newInquiry)
        }
        let acks = {
            try desk.database.outboxMessages(status: nil, limit: 50).items.filter {
                $0.subject.hasPrefix("We received")
            }
        }
        #expect(try acks().count == 3)
        desk.clock.advance(3_601)
        let later = "From: anna.berg@example.com\r\nSubject: Q6\r\nMessage-ID: <q6@x>\r\n\r\nHi\r\n"
        _ = try desk.database.receiveMail(MailParser.parse(Data(later.utf8)))
        #expect(try acks().count == 4)
    }

    @Test func withoutARouteANewQuestionIsGeneral() throws {
        let desk = try MailDesk()
        let receipt = try desk.receive("new-question")
        #expect(try desk.database.inquiry(id: try #require(receipt.inquiryId), as: "test").type == .general)
    }

    @Test func anOutOfOfficeIsKeptButNeitherAnswersNorResumesTheClock() throws {
        let desk = try MailDesk()
        _ = try desk.database.askRequester(inquiry: desk.inquiry.id, body: "Which years?", actor: "hr")
        let before = try desk.database.inquiry(id: desk.inquiry.id, as: "test")
        let receipt = try desk.receive("out-of-office-danish")
        #expect(receipt.outcome == .automatic)
        let after = try desk.database.inquiry(id: desk.inquiry.id, as: "test")
        #expect(after.status == .waiting)
        #expect(after.timeline == before.timeline)
        #expect(after.deadlines == before.deadlines)
        #expect(try desk.thread().last?.kind == .automatic)
        #expect(try desk.database.outboxMessages(status: .queued, limit: 10).total == 2, "nothing answers it")
    }

    @Test func filesThatCameWithAReplyCanBeDownloadedAndTheReadIsAudited() throws {
        let desk = try MailDesk()
        let receipt = try desk.receive("reply-with-attachment")
        let mail = try desk.database.inboundMail(ofInquiry: desk.inquiry.id)
        let file = try #require(mail.values.first?.attachments.first)
        #expect(file.filename == "anställningsavtal.pdf")
        let (info, data) = try desk.database.inboundAttachment(id: file.id, as: "hr-anna")
        #expect(info.mailId == receipt.mailId)
        #expect(String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-")
        let audit = try desk.database.auditEvents(personId: desk.anna.id, limit: 50, as: "test").items
        #expect(audit.contains { $0.action == "mail.attachment.read" && $0.actor == "hr-anna" })
    }

    @Test func staffFileAnUnmatchedMessageOnACaseOrAsANewPersonOrDismissIt() throws {
        let desk = try MailDesk()
        let forged = try desk.receive("forged-tag-stranger")
        let filed = try desk.database.assignInboundMail(
            id: forged.mailId,
            to: .newPerson(
                PersonFields(givenName: "Mallory", familyName: "Mallet", email: "mallory@example.net", kind: .customer)),
            actor: "hr")
        #expect(filed.outcome == .newInquiry)
        #expect(
            try desk.database.person(id: try #require(filed.personId), as: "test").fields.email == "mallory@example.net"
        )
        #expect(try desk.database.inboundMail(status: .unmatched, as: "test").total == 0)
        #expect(throws: ValidationFailure.self) {
            try desk.database.assignInboundMail(id: forged.mailId, to: .inquiry(desk.inquiry.id), actor: "hr")
        }
        let spam = try desk.database.receiveMail(
            MailParser.parse(Data("From: spam@example.org\r\nSubject: Win\r\n\r\nBuy now\r\n".utf8)))
        try desk.database.dismissInboundMail(id: spam.mailId, actor: "hr")
        #expect(try desk.database.inboundMail(status: .dismissed, as: "test").items.map(\.id) == [spam.mailId])
    }
}
