import AlumniCore
import AlumniMail
import AlumniStore
import Foundation

/// Mail for a demo database, received as a mail server would hand it over: a requester's reply
/// that lands on her inquiry, and a stranger's question that waits on the desk's Mail page.
enum DemoMail {
    static func receive(into database: AlumniDatabase) throws {
        var open = InquiryQuery()
        open.status = .open
        open.limit = 20
        let asked = try database.inquiries(matching: open, as: .system("demo")).items.first { inquiry in
            (try? database.person(id: inquiry.personId, as: .system("demo")).fields.email) != nil
        }
        if let asked, let email = try database.person(id: asked.personId, as: .system("demo")).fields.email {
            try deliver(
                """
                From: <\(email)>
                Subject: Re: \(asked.subject) [#INQ-\(asked.id)]
                Message-ID: <demo-reply-\(asked.id)@example.com>

                Thank you. I have found the old payslips and can send them if that helps.

                On Monday, Alumni Desk wrote:
                > Could you tell us which years you worked with us?
                """, into: database)
        }
        try deliver(
            """
            From: Kari Nordmann <kari.nordmann@example.net>
            Subject: =?UTF-8?Q?Sp=C3=B8rsm=C3=A5l_om_pensjon?=
            Message-ID: <demo-stranger-1@example.net>

            Hello, I worked in your Oslo office from 1999 to 2004. Who can tell me about my pension?
            """, into: database)
    }

    private static func deliver(_ text: String, into database: AlumniDatabase) throws {
        _ = try database.receiveMail(MailParser.parse(Data(text.utf8)), actor: .system("demo"))
    }
}
