import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Tells the person their e-mail became `inquiry`, with the day they will hear from us,
    /// in the transaction that opened it; nothing when they cannot be e-mailed, or when their
    /// address already got ``MailInRows/automaticMessagesPerHour`` automatic messages within the hour.
    func acknowledge(_ inquiry: Inquiry, answering messageID: String?, now: Date, in db: Database) throws {
        guard let requesterMessages else { return }
        let person = try PersonRows.fetch(id: inquiry.personId, in: db)
        guard let address = person.fields.email?.lowercased() else { return }
        let recent =
            try Int.fetchOne(
                db, sql: MailInRows.recentAutomaticSQL,
                arguments: [person.id, address, now.addingTimeInterval(-3_600).stored]) ?? 0
        guard recent < MailInRows.automaticMessagesPerHour else { return }
        let notice = MailInRows.received(
            inquiry, person: person, eventId: try InquiryRows.newestEventId(of: inquiry.id, in: db) ?? 0,
            calendar: try businessCalendar(in: db), answering: messageID)
        if let message = try requesterMessages.message(for: notice) { _ = try enqueue(message, at: now, in: db) }
    }
}
