import AlumniCore
import Foundation
import GRDB

/// One of a person's own inquiries as the portal shows it to them.
public struct PortalQuestion: Sendable, Equatable {
    public var inquiry: Inquiry
    /// The first name of the staff member handling it, once someone is.
    public var handler: String?
    /// The last day of the resolution deadline in the organisation's calendar: the answer comes
    /// by then.
    public var answerBy: CalendarDate
    /// The day it was answered and closed, while it is closed.
    public var answeredOn: CalendarDate?
    /// The closed inquiry this one follows up.
    public var followsId: Int64?
}

/// A question with the part of its thread the person sees: their messages, our answers and
/// questions, extensions, closing and reopening; never staff notes, assignments or automatic replies.
public struct PortalThread: Sendable, Equatable {
    public var question: PortalQuestion
    public var events: [InquiryEvent]
    /// The files the person attached, by the event they came with.
    public var attachments: [Int64: [InquiryAttachment]]
    /// The organisation's time zone, for the times of the events.
    public var timeZone: TimeZone

    /// The kinds of thread event a person sees.
    public static let shownKinds: [InquiryEvent.Kind] = [.inbound, .reply, .wait, .extension, .closed, .reopened]
}

extension PortalThread {
    /// A thread of `events` of ``shownKinds``: a closing's resolution is the staff's summary,
    /// not a message to the person, and is left out.
    init(
        question: PortalQuestion, shownEvents events: [InquiryEvent], attachments: [Int64: [InquiryAttachment]],
        timeZone: TimeZone
    ) {
        self.init(
            question: question,
            events: events.map { event in
                var event = event
                if event.kind == .closed || event.kind == .reopened { event.body = nil }
                return event
            }, attachments: attachments, timeZone: timeZone)
    }
}

extension AlumniDatabase {
    /// The longest question or reply the portal takes, in characters.
    public static let portalTextLimit = 20_000

    /// The person's own questions, newest first.
    public func portalQuestions(personId: Int64, limit: Int = 100) throws -> [PortalQuestion] {
        try readSnapshot { db in
            let calendar = try businessCalendar(in: db)
            let follows = Int32(InquiryRows.Column.allCases.count)
            return try db.cachedStatement(sql: Self.portalQuestionsSQL).fetchAll(arguments: [personId, limit]) { row in
                Self.portalQuestion(try Inquiry(columns: row), followsId: row[follows], calendar: calendar)
            }
        }
    }

    /// One of the person's own questions with its thread; another person's, or none, is not found.
    public func portalThread(inquiryId: Int64, personId: Int64) throws -> PortalThread {
        try readSnapshot { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: Self.portalQuestionSQL), arguments: [inquiryId, personId])
            else { throw StoreError.notFound("inquiry #\(inquiryId)") }
            let events = try InquiryEvent.fetchAll(
                db.cachedStatement(sql: Self.portalEventsSQL), arguments: [inquiryId])
            let calendar = try businessCalendar(in: db)
            return PortalThread(
                question: try Self.portalQuestion(row, calendar: calendar), shownEvents: events,
                attachments: try attachments(ofInquiry: inquiryId, in: db), timeZone: calendar.timeZone)
        }
    }

    /// A person's questions, newest first: the person and the limit bound.
    static let portalQuestionsSQL = """
        SELECT \(InquiryRows.columns), follows_id FROM inquiry
        WHERE person_id = ? ORDER BY received_at DESC, id DESC LIMIT ?
        """
    /// One question, by its id and its person.
    static let portalQuestionSQL =
        "SELECT \(InquiryRows.columns), follows_id FROM inquiry WHERE id = ? AND person_id = ?"
    /// The events of an inquiry its person sees, oldest first.
    static let portalEventsSQL = """
        SELECT * FROM inquiry_event WHERE inquiry_id = ?
        AND kind IN (\(PortalThread.shownKinds.map { "'\($0.rawValue)'" }.joined(separator: ", "))) ORDER BY at, id
        """
    static let followsSQL = "UPDATE inquiry SET follows_id = ? WHERE id = ?"

    /// A question from a row of ``portalQuestionsSQL`` (read by name).
    static func portalQuestion(named row: Row, calendar: BusinessCalendar) -> PortalQuestion {
        portalQuestion(Inquiry(ordered: NamedColumns(row: row)), followsId: row["follows_id"], calendar: calendar)
    }

    private static func portalQuestion(_ row: Row, calendar: BusinessCalendar) throws -> PortalQuestion {
        portalQuestion(
            try Inquiry(row: row), followsId: row[Int(InquiryRows.Column.allCases.count)], calendar: calendar)
    }

    static func portalQuestion(_ inquiry: Inquiry, followsId: Int64?, calendar: BusinessCalendar)
        -> PortalQuestion
    {
        PortalQuestion(
            inquiry: inquiry, handler: inquiry.owner.map(firstName),
            answerBy: calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1)),
            answeredOn: inquiry.status == .closed ? inquiry.timeline.closedAt.map(calendar.day(of:)) : nil,
            followsId: followsId)
    }

    /// "anna.berg" → "Anna": the first part of a staff account's name, as a person is told who
    /// handles their case.
    static func firstName(_ account: String) -> String {
        let first = account.split(whereSeparator: { ".-_ @".contains($0) }).first.map(String.init) ?? account
        return first.prefix(1).uppercased() + first.dropFirst()
    }

    /// The closed inquiry `id` follows up (a reply in the portal after the reopen window), if
    /// any and if `actor` may read `id`.
    public func followedInquiry(of id: Int64, as actor: Caller) throws -> Int64? {
        _ = try inquiry(id: id, as: actor)
        return try readStatement { db in
            try Int64.fetchOne(db.cachedStatement(sql: InquiryRows.followsSQL), arguments: [id])
        }
    }

    /// The person asks a question in the portal: an inquiry of the topic's type with channel
    /// `portal`, received now, with that type's deadlines, the files they attached and the
    /// acknowledgement by e-mail, in one transaction.
    public func askInPortal(
        personId: Int64, topic: PortalTopic, text: String, files: [UploadedFile] = []
    ) throws -> PortalQuestion {
        let body = try Self.portalText(text, field: "question")
        let files = try UploadedFile.checked(files)
        let now = clock.now()
        let subject = topic == .other ? Self.subject(from: body) : topic.subject
        return try write { db in
            let inquiry = try openInquiry(
                NewInquiry(
                    personId: personId, type: topic.inquiryType, subject: subject, body: body, channel: .portal,
                    receivedAt: now),
                now: now, actor: PortalRows.actor(personId), in: db)
            try attach(files, toNewestEventOf: inquiry.id, personId: personId, now: now, in: db)
            try acknowledge(inquiry, answering: nil, now: now, in: db)
            return try portalQuestion(personId: personId, inquiryId: inquiry.id, in: db)
        }
    }

    /// The person writes on one of their own questions, as an inbound message (it clears
    /// silence and restarts a stopped clock, as a reply by e-mail does). On a question closed
    /// within the organisation's reopen window it reopens it; on one closed longer ago it opens
    /// a new question of the same type that follows the old one.
    /// - Returns: the question the message landed on.
    public func replyInPortal(
        personId: Int64, inquiryId: Int64, text: String, files: [UploadedFile] = []
    ) throws -> PortalQuestion {
        let body = try Self.portalText(text, field: "message")
        let files = try UploadedFile.checked(files)
        let now = clock.now()
        let actor = PortalRows.actor(personId)
        return try write { db in
            let inquiry = try InquiryRows.fetch(id: inquiryId, in: db)
            guard inquiry.personId == personId else { throw StoreError.notFound("inquiry #\(inquiryId)") }
            let window = TimeInterval(try settings(in: db).reopenWindowDays) * 86_400
            if inquiry.status != .closed
                || inquiry.timeline.closedAt.map({ now <= $0.addingTimeInterval(window) }) == true
            {
                if inquiry.status == .closed { _ = try reopen(inquiry: inquiryId, actor: actor, in: db) }
                _ = try recordInbound(toInquiry: inquiryId, body: body, actor: actor, in: db)
                try attach(files, toNewestEventOf: inquiryId, personId: personId, now: now, in: db)
                return try portalQuestion(personId: personId, inquiryId: inquiryId, in: db)
            }
            let followUp = try openInquiry(
                NewInquiry(
                    personId: personId, type: inquiry.type, subject: "Follow-up of #\(inquiryId)", body: body,
                    channel: .portal, receivedAt: now),
                now: now, actor: actor, in: db)
            try db.execute(sql: Self.followsSQL, arguments: [inquiryId, followUp.id])
            try attach(files, toNewestEventOf: followUp.id, personId: personId, now: now, in: db)
            try acknowledge(followUp, answering: nil, now: now, in: db)
            return try portalQuestion(personId: personId, inquiryId: followUp.id, in: db)
        }
    }

    private func attach(
        _ files: [(UploadedFile, String)], toNewestEventOf inquiryId: Int64, personId: Int64, now: Date,
        in db: Database
    ) throws {
        guard !files.isEmpty, let eventId = try InquiryRows.newestEventId(of: inquiryId, in: db) else { return }
        try attach(files, toEvent: eventId, inquiryId: inquiryId, personId: personId, now: now, in: db)
    }

    private func portalQuestion(personId: Int64, inquiryId: Int64, in db: Database) throws -> PortalQuestion {
        guard let row = try Row.fetchOne(db, sql: Self.portalQuestionSQL, arguments: [inquiryId, personId])
        else { throw StoreError.notFound("inquiry #\(inquiryId)") }
        return try Self.portalQuestion(row, calendar: try businessCalendar(in: db))
    }

    /// A person's text, trimmed: required, and at most ``portalTextLimit`` characters.
    static func portalText(_ text: String, field: String) throws -> String {
        guard let body = text.trimmedForStorage else {
            throw ValidationFailure([FieldError(field: field, reason: "is required")])
        }
        guard body.count <= portalTextLimit else {
            throw ValidationFailure([FieldError(field: field, reason: "is longer than \(portalTextLimit) characters")])
        }
        return body
    }

    /// The first line of a question, shortened, as its subject in the queue.
    static func subject(from body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? body
        return line.count <= 80 ? line : String(line.prefix(79)) + "…"
    }
}
