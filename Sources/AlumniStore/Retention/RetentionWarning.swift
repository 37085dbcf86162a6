import AlumniCore
import Foundation

/// A warning before an erasure for inactivity, decided once for both stores: who gets one,
/// when their erasure would come, and what it says.
enum RetentionWarning {
    /// The warning to `person`, whom `rule` reaches by `soon` (the candidate's last contact
    /// `lastContact`), with the day of their erasure; nil when no e-mail may go to them or the
    /// renderer has nothing to send. Its dedupe key makes it one per last contact.
    static func message(
        to person: Person, linkVersion: Int?, lastContact: Date, rule: RetentionRule, soon: Date,
        calendar: BusinessCalendar, renderer: any RetentionWarningRenderer, now: Date
    ) throws -> (message: NewOutboxMessage, erasureDay: CalendarDate)? {
        guard person.fields.email != nil, !person.doNotContact, let linkVersion else { return nil }
        let due = max(AlumniDatabase.cutoff(rule, now: lastContact, forward: true), soon)
        let day = calendar.day(of: due)
        guard var message = try renderer.message(for: person, linkVersion: linkVersion, erasureDay: day, now: now)
        else { return nil }
        message.dedupeKey = "retention-warning:\(person.id):\(Int64(lastContact.timeIntervalSince1970))"
        return (message, day)
    }

    /// The moment a warning queued at `now` looks ahead to: `days` on.
    static func horizon(days: Int, from now: Date) -> Date { now.addingTimeInterval(Double(days) * 86_400) }

    static let auditAction = "retention.warned"
    static let auditActor = "retention"
    static func auditDetail(_ rule: RetentionRule, _ day: CalendarDate) -> String {
        "rule \(rule.name), erasure from \(day)"
    }
}
