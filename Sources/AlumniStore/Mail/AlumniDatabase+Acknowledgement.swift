import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Automatic messages one address gets at most within an hour: two auto-responders
    /// answering each other stop here.
    static let automaticMessagesPerHour = 3

    /// Tells the person their e-mail became `inquiry`, with the day they will hear from us,
    /// in the transaction that opened it; nothing when they cannot be e-mailed, or when their
    /// address already got ``automaticMessagesPerHour`` automatic messages within the hour.
    func acknowledge(_ inquiry: Inquiry, answering messageID: String?, now: Date, in db: Database) throws {
        guard let requesterMessages else { return }
        let person = try PersonRows.fetch(id: inquiry.personId, in: db)
        guard let address = person.fields.email?.lowercased() else { return }
        let recent =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM outbox_message
                    WHERE person_id = ? AND lower(recipient) = ? AND created_at >= ?
                      AND (dedupe_key LIKE 'inquiry:%:received:%' OR dedupe_key LIKE 'preference-link:%'
                        OR dedupe_key LIKE 'retention-warning:%')
                    """, arguments: [person.id, address, now.addingTimeInterval(-3_600).stored]) ?? 0
        guard recent < Self.automaticMessagesPerHour else { return }
        let calendar = try businessCalendar(in: db)
        let eventId = try InquiryRows.newestEventId(of: inquiry.id, in: db) ?? 0
        let notice = RequesterNotice(
            kind: .received, inquiry: inquiry, person: person, eventId: eventId, text: "",
            resolutionDay: calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1)),
            firstResponseDay: calendar.day(of: inquiry.deadlines.firstResponseDue.addingTimeInterval(-1)),
            answering: messageID)
        if let message = try requesterMessages.message(for: notice) { _ = try enqueue(message, at: now, in: db) }
    }
}
