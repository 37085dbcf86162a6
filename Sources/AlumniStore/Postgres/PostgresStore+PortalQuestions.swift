import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// A person's own questions in the portal on PostgreSQL: the SQL and rules SQLite's store
/// asks, follows and answers them with.
extension PostgresStore {
    /// The person's own questions, newest first.
    public func portalQuestions(personId: Int64, limit: Int = 100) async throws -> [PortalQuestion] {
        try await snapshot { connection in
            let calendar = try await businessCalendar(on: connection)
            return try await rows(AlumniDatabase.portalQuestionsSQL, [personId, limit], on: connection).map {
                AlumniDatabase.portalQuestion(named: $0, calendar: calendar)
            }
        }
    }

    /// One of the person's own questions with its thread; another person's, or none, is not found.
    public func portalThread(inquiryId: Int64, personId: Int64) async throws -> PortalThread {
        try await snapshot { connection in
            let question = try await portalQuestion(personId: personId, inquiryId: inquiryId, on: connection)
            return PortalThread(
                question: question,
                shownEvents: try await rows(AlumniDatabase.portalEventsSQL, [inquiryId], on: connection)
                    .map(InquiryEvent.init(row:)),
                attachments: AlumniDatabase.byEvent(
                    try await rows(AlumniDatabase.attachmentsOfInquirySQL, [inquiryId], on: connection)
                        .map(AlumniDatabase.attachment)),
                timeZone: try await businessCalendar(on: connection).timeZone)
        }
    }

    /// The person asks a question: an inquiry of the topic's type from the portal, its files and
    /// the acknowledgement, in one transaction.
    public func askInPortal(
        personId: Int64, topic: PortalTopic, text: String, files: [UploadedFile] = []
    ) async throws -> PortalQuestion {
        let body = try AlumniDatabase.portalText(text, field: "question")
        let files = try UploadedFile.checked(files)
        let now = clock.now()
        let subject = topic == .other ? AlumniDatabase.subject(from: body) : topic.subject
        return try await transaction { connection in
            let inquiry = try await openInquiry(
                NewInquiry(
                    personId: personId, type: topic.inquiryType, subject: subject, body: body, channel: .portal,
                    receivedAt: now), now: now, actor: PortalRows.actor(personId), on: connection)
            try await attach(files, toNewestEventOf: inquiry.id, personId: personId, now: now, on: connection)
            try await acknowledge(inquiry, answering: nil, now: now, on: connection)
            return try await portalQuestion(personId: personId, inquiryId: inquiry.id, on: connection)
        }
    }

    /// The person writes on one of their own questions: reopened within the organisation's
    /// reopen window, followed up by a new question after it.
    /// - Returns: the question the message landed on.
    public func replyInPortal(
        personId: Int64, inquiryId: Int64, text: String, files: [UploadedFile] = []
    ) async throws -> PortalQuestion {
        let body = try AlumniDatabase.portalText(text, field: "message")
        let files = try UploadedFile.checked(files)
        let now = clock.now()
        let actor = PortalRows.actor(personId)
        return try await transaction { connection in
            let inquiry = try await inquiry(id: inquiryId, on: connection, locked: true)
            guard inquiry.personId == personId else { throw StoreError.notFound("inquiry #\(inquiryId)") }
            let window = TimeInterval(try await settings(on: connection).reopenWindowDays) * 86_400
            if inquiry.status != .closed
                || inquiry.timeline.closedAt.map({ now <= $0.addingTimeInterval(window) }) == true
            {
                if inquiry.status == .closed { _ = try await step(inquiryId, .reopen, actor: actor, on: connection) }
                _ = try await step(inquiryId, try .inbound(body, at: nil), actor: actor, on: connection)
                try await attach(files, toNewestEventOf: inquiryId, personId: personId, now: now, on: connection)
                return try await portalQuestion(personId: personId, inquiryId: inquiryId, on: connection)
            }
            let followUp = try await openInquiry(
                NewInquiry(
                    personId: personId, type: inquiry.type, subject: "Follow-up of #\(inquiryId)", body: body,
                    channel: .portal, receivedAt: now), now: now, actor: actor, on: connection)
            _ = try await rows(AlumniDatabase.followsSQL, [inquiryId, followUp.id], on: connection)
            try await attach(files, toNewestEventOf: followUp.id, personId: personId, now: now, on: connection)
            try await acknowledge(followUp, answering: nil, now: now, on: connection)
            return try await portalQuestion(personId: personId, inquiryId: followUp.id, on: connection)
        }
    }

    /// One of the person's own attached files; another's is not found. The read is audited.
    public func portalAttachment(id: Int64, personId: Int64) async throws -> (InquiryAttachment, Data) {
        try await transaction { connection in
            guard let row = try await rows(AlumniDatabase.attachmentWithDataSQL, [id, personId], on: connection).first
            else { throw StoreError.notFound("attachment #\(id)") }
            let attachment = AlumniDatabase.attachment(row)
            try await audit(
                "inquiry.attachment.read", personId: personId, actor: PortalRows.actor(personId), at: clock.now(),
                detail: "attachment #\(id) of inquiry #\(attachment.inquiryId)", on: connection)
            return (attachment, row["data"] as Data)
        }
    }

    private func attach(
        _ files: [(UploadedFile, String)], toNewestEventOf inquiryId: Int64, personId: Int64, now: Date,
        on connection: PostgresConnection
    ) async throws {
        guard !files.isEmpty, let eventId = try await newestEvent(of: inquiryId, on: connection) else { return }
        for file in files {
            _ = try await rows(
                AlumniDatabase.attachSQL,
                AlumniDatabase.attachValues(
                    file, eventId: eventId, inquiryId: inquiryId, personId: personId, now: now), on: connection)
        }
    }

    private func portalQuestion(personId: Int64, inquiryId: Int64, on connection: PostgresConnection) async throws
        -> PortalQuestion
    {
        guard let row = try await rows(AlumniDatabase.portalQuestionSQL, [inquiryId, personId], on: connection).first
        else { throw StoreError.notFound("inquiry #\(inquiryId)") }
        return AlumniDatabase.portalQuestion(named: row, calendar: try await businessCalendar(on: connection))
    }
}
