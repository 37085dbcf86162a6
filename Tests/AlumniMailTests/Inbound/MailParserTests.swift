import AlumniCore
import AlumniMail
import Foundation
import Testing

/// Messages as Nordic mail programs and mail servers write them read as people would read them.
@Suite struct MailParserTests {
    @Test func aReplyLosesItsQuotedHistoryButKeepsTheOriginal() throws {
        let mail = try MailFixtures.parse("reply-in-reply-to")
        #expect(mail.text == "Thank you! My employee number was 4711 and I worked in Göteborg.\n\nBest,\nAnna")
        #expect(mail.sender == "anna.berg@example.com")
        #expect(mail.senderName == "Anna Berg")
        #expect(mail.answers.first == "<inquiry-1-2@alumni-desk>")
        #expect(mail.key == "<CAFx1=reply-1@mail.example.com>")
        #expect(mail.nature == .message)
        #expect(String(decoding: mail.original, as: UTF8.self).contains("> could you tell us your employee number?"))
    }

    @Test func outlooksHeaderBlockAndWindows1252AreUnderstood() throws {
        let mail = try MailFixtures.parse("reply-tag-outlook")
        #expect(mail.text == "Here is the paper from 1998 – I hope it helps.")
        #expect(mail.taggedInquiry == 1)
        #expect(mail.senderName == "Berg, Anna")
    }

    @Test func isoLatin1BodiesAndEncodedWordHeadersAreDecoded() throws {
        let mail = try MailFixtures.parse("reply-iso-8859-1")
        #expect(mail.subject == "Sv: Pensionsfråga [#INQ-1]")
        #expect(mail.text.hasPrefix("Här är mitt svar: jag arbetade på lagret i Örebro."))
        #expect(mail.text.hasSuffix("Vänliga hälsningar\nAnna"))
        #expect(mail.senderName == "Anna Berg")
    }

    @Test func htmlOnlyMailBecomesReadableText() throws {
        let mail = try MailFixtures.parse("html-only")
        #expect(mail.text == "Hello,\n\nI found the letter & the contract from 1998.\nKind regards,\nAnna")
    }

    @Test func anOutlookHTMLOnlyReplyLosesItsStylesAndTheMessageItAnswers() throws {
        // Outlook's <head> holds a <style> over many lines and conditional comments; before the
        // patterns crossed line breaks, its CSS came through as the person's words.
        let mail = try MailFixtures.parse("html-only-outlook")
        #expect(
            mail.text
                == "Hej,\n\nJag har hittat mina lönebesked från Åhus-fabriken 1998–2003 och skickar dem gärna om det "
                + "hjälper.\n\nMed vänliga hälsningar\n\nAnna Berg")
    }

    @Test func aGmailHTMLOnlyReplyLosesItsNestedQuotesAndAttribution() throws {
        // The quote spans lines and holds a quote of its own.
        let mail = try MailFixtures.parse("html-only-gmail")
        #expect(mail.senderName == "Jörg Müller")
        #expect(
            mail.text
                == "Hi,\n\nThank you – the years abroad were 1999 to 2004 at Nordlys GmbH in Hamburg.\n\nBest,\nJörg")
    }

    @Test func aDanishOutOfOfficeIsAutomatic() throws {
        let mail = try MailFixtures.parse("out-of-office-danish")
        #expect(mail.nature == .automatic)
        #expect(mail.subject.hasPrefix("Fraværende: Re: Pension"))
        #expect(mail.text.contains("Jeg er på ferie til og med 7. december og læser ikke min post."))
    }

    @Test func automaticAnswersAreToldFromPeopleByTheirHeadersAndSubjects() {
        let cases: [(String, ReceivedMail.Nature)] = [
            ("Auto-Submitted: auto-generated\r\nSubject: Hello", .automatic),
            ("Auto-Submitted: no\r\nSubject: Hello", .message),
            ("X-Autoreply: yes\r\nSubject: Hello", .automatic),
            ("Precedence: bulk\r\nSubject: Hello", .automatic),
            ("Subject: Automatic reply: Pension", .automatic),
            ("Subject: Autosvar: Pension", .automatic),
            ("Subject: Out of Office: Pension", .automatic),
            ("Subject: Re: Pension", .message),
            ("Subject: Fravær i 2003 og pensionen", .message),
            ("Subject: Vacation days I never took", .message),
        ]
        for (headers, nature) in cases {
            let mail = MailParser.parse(Data("From: a@example.com\r\n\(headers)\r\n\r\nText\r\n".utf8))
            #expect(mail.nature == nature, "\(headers)")
        }
    }

    @Test func aPostfixBounceNamesTheRecipientStatusAndOriginalMessage() throws {
        let mail = try MailFixtures.parse("dsn-postfix", sender: "")
        guard case .bounce(let report) = mail.nature else {
            Issue.record("not a bounce: \(mail.nature)")
            return
        }
        #expect(report.recipient == "anna.berg@example.com")
        #expect(report.status == "5.1.1")
        #expect(report.isPermanent)
        #expect(report.diagnostic?.hasPrefix("550 5.1.1") == true)
        #expect(report.originalMessageID == "<inquiry-1-2@alumni-desk>")
    }

    @Test func anExchangeNonDeliveryReportIsABounce() throws {
        guard case .bounce(let report) = try MailFixtures.parse("dsn-exchange").nature else {
            Issue.record("not a bounce")
            return
        }
        #expect(report.status == "5.1.10")
        #expect(report.originalMessageID == "<inquiry-1-2@alumni-desk>")
        #expect(report.diagnostic?.contains("RecipientNotFound") == true)
    }

    @Test func eximsPlainTextBounceIsReadByItsFallback() throws {
        guard case .bounce(let report) = try MailFixtures.parse("dsn-exim").nature else {
            Issue.record("not a bounce")
            return
        }
        #expect(report.recipient == "anna.berg@example.com")
        #expect(report.status == "5.1.1")
        #expect(report.diagnostic == "550 5.1.1 User unknown")
        #expect(report.originalMessageID == "<inquiry-1-2@alumni-desk>")
    }

    @Test func aDelayIsATemporaryFailure() throws {
        guard case .bounce(let report) = try MailFixtures.parse("dsn-delayed").nature else {
            Issue.record("not a bounce")
            return
        }
        #expect(report.status == "4.4.1")
        #expect(!report.isPermanent)
    }

    @Test func aFeedbackReportIsAComplaintAboutOurMessage() throws {
        guard case .complaint(let report) = try MailFixtures.parse("arf-complaint").nature else {
            Issue.record("not a complaint")
            return
        }
        #expect(report.feedbackType == "abuse")
        #expect(report.originalRecipient == "anna.berg@example.com")
        #expect(report.originalMessageID == "<campaign-1-person-1@alumni-desk>")
    }

    @Test func attachmentsKeepTheirNamesAndBytes() throws {
        let mail = try MailFixtures.parse("reply-with-attachment")
        #expect(mail.text == "Attached is my contract.")
        let file = try #require(mail.attachments.first)
        #expect(file.filename == "anställningsavtal.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(String(decoding: file.data.prefix(8), as: UTF8.self) == "%PDF-1.4")
    }

    @Test func aMessageWithoutMessageIDIsKnownByItsDigest() {
        let bytes = Data("From: a@example.com\r\nSubject: Hi\r\n\r\nText\r\n".utf8)
        let first = MailParser.parse(bytes), again = MailParser.parse(bytes)
        #expect(first.key.hasPrefix("sha256:"))
        #expect(first.key == again.key)
        #expect(MailParser.parse(Data("From: a@example.com\r\nSubject: Hi\r\n\r\nOther\r\n".utf8)).key != first.key)
    }

    @Test func returnPathsNameTheirMessageAndRefuseForgeries() {
        let addresses = BounceAddresses(domain: "Bounces.Example.com", key: Data("secret".utf8))
        let address = addresses.address(for: 42)
        #expect(address.hasPrefix("bounces+42-"))
        #expect(address.hasSuffix("@bounces.example.com"))
        #expect(addresses.messageId(in: address) == 42)
        #expect(addresses.messageId(in: address.uppercased()) == 42)
        #expect(addresses.messageId(in: address.replacingOccurrences(of: "+42-", with: "+43-")) == nil)
        #expect(BounceAddresses(domain: "bounces.example.com", key: Data("other".utf8)).messageId(in: address) == nil)
        #expect(addresses.messageId(in: "desk@example.com") == nil)
    }
}

/// The `[#INQ-N]` tag a reply's subject carries.
@Suite struct InquiryTagTests {
    @Test func theTagIsFoundWhereverItStandsAndOnlyWhenWellFormed() {
        func tag(_ subject: String) -> Int64? {
            MailParser.parse(Data("From: a@example.com\r\nSubject: \(subject)\r\n\r\nx\r\n".utf8)).taggedInquiry
        }
        #expect(tag("Re: Pension [#INQ-12]") == 12)
        #expect(tag("[#INQ-7] Re: Pension") == 7)
        #expect(tag("Re: [#INQ-] and [#INQ-40]") == 40)
        #expect(tag("Re: [#INQ-12 Pension") == nil)
        #expect(tag("Re: #INQ-12") == nil)
        #expect(tag("Re: [#INQ-1234567890123456789]") == nil)
    }
}
