import AlumniCore
import AlumniMail
@_spi(RawDatabase) import AlumniStore
import AlumniTestSupport
import Foundation
import GRDB

/// A desk with one requester, Anna, whose pension inquiry (#1) was answered (event #2, sent as
/// `<inquiry-1-2@alumni-desk>`, outbox message #1): the situation the fixtures answer.
struct MailDesk {
    let temporary: TemporaryFolder
    let clock: SettableClock
    let database: AlumniDatabase
    let anna: Person
    let inquiry: Inquiry
    static let start = Date(timeIntervalSince1970: 1_796_030_000)  // 2026-11-30, a Monday

    init() throws {
        temporary = try TemporaryFolder("alumni-mail-in")
        clock = SettableClock(Self.start)
        database = try AlumniDatabase.open(
            path: temporary.file("m.sqlite").path, clock: clock,
            requesterMessages: InquiryMessages(
                from: Mailbox(name: "Alumni Desk", address: "desk@example.com"), clock: clock))
        anna = try database.addPerson(
            PersonFields(
                givenName: "Anna", familyName: "Berg", email: "anna.berg@example.com", language: .en, kind: .employee),
            actor: "hr")
        clock.advance(-3 * 86_400)
        inquiry = try database.openInquiry(
            NewInquiry(personId: anna.id, type: .pension, subject: "Pension from 1998-2012", body: "Where is it?"),
            actor: "hr")
        _ = try database.reply(toInquiry: inquiry.id, body: "Could you tell us your employee number?", actor: "hr")
        clock.advance(3 * 86_400)
    }

    @discardableResult
    func receive(_ fixture: String, bounced: Int64? = nil, sender: String? = nil) throws -> MailReceipt {
        try database.receiveMail(try MailFixtures.parse(fixture, sender: sender), bouncedMessage: bounced)
    }

    func thread() throws -> [InquiryEvent] { try database.thread(ofInquiry: inquiry.id, as: "test") }

    func count(_ table: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// One alert scan at any hour; the alerts it raised.
    func scan() throws -> [AlertNotice] {
        var policy = AlertPolicy()
        policy.hours = nil
        return try database.raiseAlerts(
            policy: policy, addresses: AlertAddresses(team: "team@example.com", escalation: nil),
            renderer: AlertMessages(
                from: Mailbox(address: "desk@example.com"), publicURL: "https://desk.example.com", clock: clock)
        ).raised
    }
}
