import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Testing

/// Erasing a person takes every message they sent with it: filed, unmatched, attachments, bounces.
@Suite struct MailErasureTests {
    @Test func erasureLeavesNoMailFromOrAboutThePerson() throws {
        let desk = try MailDesk()
        try desk.receive("reply-with-attachment")
        try desk.receive("dsn-postfix", sender: "")
        // From her address, but about nothing we can match: it waits unmatched.
        try desk.database.receiveMail(
            MailParser.parse(Data("From: anna.berg@example.com\r\nMessage-ID: <x@y>\r\n\r\nHi\r\n".utf8)),
            bouncedMessage: nil)
        try desk.database.setSetting(.mailRoutes, to: "", actor: "admin")
        let stranger = try desk.receive("forged-tag-stranger")
        #expect(try desk.count("inbound_mail") == 4)

        _ = try desk.database.erasePerson(id: desk.anna.id, actor: "admin")

        #expect(try desk.count("inbound_attachment") == 0)
        #expect(try desk.count("mail_bounce") == 0)
        let left = try desk.database.inboundMail(status: nil, as: "test").items
        #expect(left.map(\.id) == [stranger.mailId], "only the stranger's message stays")
        let status = try desk.database.mailStatus(personId: desk.anna.id)
        #expect(status.reason == nil && status.unreachableSince == nil)
    }
}
