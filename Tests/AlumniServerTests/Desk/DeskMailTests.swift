import AlumniCore
import AlumniMail
import AlumniServer
import AlumniStore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: mail that came in")
struct DeskMailTests {
    @Test("HR files a stranger's mail as a new person's inquiry; the file downloads; a coordinator sees none of it")
    func fileUnmatched() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr, .coordinator])
        try server.receiveStrangersMail()
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let list = try await hr.get("/mail").text
            #expect(list.contains("My pension"))
            #expect(
                list.contains("the sender is not anyone&#39;s address")
                    || list.contains("the sender is not anyone's address"))
            let page = try await hr.get("/mail/1").text
            #expect(page.contains("Where did my pension go?"))
            let file = try await hr.get("/mail/attachments/1")
            #expect(file.status == .ok)
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"statement.pdf\"") == true)
            #expect(file.headers[.contentType] == "application/octet-stream")
            let filed = try await hr.post(
                "/mail/1/assign", ["target": "new", "given": "Some", "family": "One", "kind": "customer"])
            #expect(filed.status == .seeOther)
            #expect(filed.headers[.location] == "/inquiries/4")

            var coordinator = DeskBrowser(client)
            try await coordinator.signIn("coordinator")
            #expect(try await coordinator.get("/mail").status == .forbidden)
            #expect(try await coordinator.get("/mail/1").status == .forbidden)
            #expect(!(try await coordinator.get("/").text.contains("href=\"/mail\"")))
            // Filed on a general inquiry, the file follows the inquiry's rights.
            #expect(try await coordinator.get("/mail/attachments/1").status == .ok)
        }
        let inquiry = try server.database.inquiry(id: 4, as: "test")
        #expect(inquiry.channel == .email)
        #expect(try server.database.person(id: inquiry.personId, as: "test").fields.email == "someone@example.org")
        let audit = try server.database.auditEvents(limit: 100, as: "test").items
        #expect(audit.contains { $0.action == "mail.read" && $0.actor == "hr" })
        #expect(audit.contains { $0.action == "mail.attachment.read" && $0.actor == "coordinator" })
    }

    @Test("A reply by mail shows in the thread with its sender and file; a bounce shows on the person")
    func threadAndBounce() async throws {
        let server = try TestServer(mail: true)
        try server.enableDesk([.hr])
        _ = try server.database.reply(toInquiry: 1, body: "Which years?", actor: "hr")
        let reply = """
            From: Åse Ødegård <ase@example.no>
            Subject: Re: Question [#INQ-1]
            Message-ID: <r1@example.no>
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            From 2001 to 2012.
            --b
            Content-Type: image/jpeg
            Content-Disposition: attachment; filename="payslip.jpg"
            Content-Transfer-Encoding: base64

            /9j/4AAQ
            --b--
            """
        #expect(try server.database.receiveMail(MailParser.parse(Data(reply.utf8))).outcome == .reply)
        let bounce = deliveryReportMessage(
            to: "ase@example.no", status: "5.1.1", diagnostic: "550 5.1.1 mailbox unknown")
        #expect(
            try server.database.receiveMail(MailParser.parse(Data(bounce.utf8)), bouncedMessage: 1).outcome == .bounce)
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            let thread = try await hr.get("/inquiries/1").text
            #expect(thread.contains("by e-mail from ase@example.no"))
            #expect(thread.contains("From 2001 to 2012."))
            #expect(thread.contains("payslip.jpg"))
            let person = try await hr.get("/people/1").text
            #expect(person.contains("E-mail to this person bounced since"))
            #expect(person.contains("550 5.1.1 mailbox unknown"))
            #expect(person.contains("reach them another way"))
        }
    }
}
