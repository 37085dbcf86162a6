import AlumniCore
import AlumniMail
import AlumniStore
import AlumniTestSupport
import Foundation
import Testing

/// Replies, questions and extension notices reach the requester through the outbox, in their
/// language, threaded under the inquiry.
@Suite struct RequesterMessageTests {
    private let now = Date(timeIntervalSince1970: 1_795_000_000)

    private let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("alumni-mail")
    }

    private func database() throws -> AlumniDatabase {
        let clock = FixedClock(now)
        return try AlumniDatabase.open(
            path: folder.file("m.sqlite").path, clock: clock,
            requesterMessages: InquiryMessages(
                from: Mailbox(name: "Alumni Desk", address: "desk@example.com"), clock: clock))
    }

    private func person(_ database: AlumniDatabase, language: Language?, doNotContact: Bool = false) throws -> Person {
        let person = try database.addPerson(
            PersonFields(
                givenName: "Åse", familyName: "Ødegård", email: "ase@example.no", language: language, kind: .employee),
            actor: "hr")
        if doNotContact { try database.setDoNotContact(personId: person.id, true, source: "letter", actor: "hr") }
        return person
    }

    private func text(_ message: OutboxMessage) -> String { String(decoding: message.mime, as: UTF8.self) }

    @Test func aReplyGoesOutInTheRequestersLanguageThreadedUnderTheInquiry() throws {
        let database = try database()
        let asker = try person(database, language: .nb)
        let inquiry = try database.openInquiry(
            NewInquiry(personId: asker.id, type: .pension, subject: "Pensjon 2004–2012"), actor: "hr")
        _ = try database.reply(toInquiry: inquiry.id, body: "Vi har spurt pensjonsselskapet.", actor: "anna")
        let queued = try database.outboxMessages(status: .queued, limit: 10).items
        let message = try #require(queued.first)
        #expect(queued.count == 1)
        #expect(message.recipient == "ase@example.no")
        #expect(message.subject == "Sv: Pensjon 2004–2012 [#INQ-\(inquiry.id)]")
        let mime = text(message)
        #expect(mime.contains("In-Reply-To: <inquiry-\(inquiry.id)@alumni-desk>"))
        #expect(mime.contains("References: <inquiry-\(inquiry.id)@alumni-desk>"))
        #expect(mime.contains("Kj=C3=A6re =C3=85se,"))
        #expect(mime.contains("Vi har spurt pensjonsselskapet."))
    }

    @Test func anExtensionNoticeNamesTheNewDeadlineAndTheReason() throws {
        let database = try database()
        let asker = try person(database, language: .da)
        let inquiry = try database.openInquiry(
            NewInquiry(personId: asker.id, type: .dataAccess, subject: "Mine data"), actor: "hr")
        let extended = try database.extend(
            inquiry: inquiry.id, byMonths: 2, reason: "Arkivet er i Sverige", actor: "hr")
        let message = try #require(try database.outboxMessages(status: .queued, limit: 10).items.first)
        let day = try database.businessCalendar().day(of: extended.deadlines.resolutionDue.addingTimeInterval(-1))
        #expect(text(message).contains("senest \(day)"))
        #expect(text(message).contains("Arkivet er i Sverige"))
    }

    @Test func englishWhenTheLanguageIsUnknownAndNothingForDoNotContact() throws {
        let database = try database()
        let unknown = try person(database, language: nil)
        let first = try database.openInquiry(
            NewInquiry(personId: unknown.id, type: .general, subject: "Hello"), actor: "hr")
        _ = try database.askRequester(inquiry: first.id, body: "Which years?", actor: "hr")
        #expect(
            try database.outboxMessages(status: .queued, limit: 10).items.first?.subject
                == "Re: Hello [#INQ-\(first.id)]")

        let blocked = try person(database, language: .sv, doNotContact: true)
        let second = try database.openInquiry(
            NewInquiry(personId: blocked.id, type: .general, subject: "Hej"), actor: "hr")
        _ = try database.reply(toInquiry: second.id, body: "Svar", actor: "hr")
        _ = try database.addNote(toInquiry: first.id, body: "internal", actor: "hr")
        #expect(try database.outboxMessages(status: nil, limit: 10).total == 1)
    }
}
