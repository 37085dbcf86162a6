import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// With `retention.warning_days` set, e-mails everyone an erasure rule will reach within that
    /// many days — once per last contact — with a link to stay in touch; the erasure then waits
    /// until the warning is that many days old. Returns how many warnings were queued.
    @discardableResult
    public func queueRetentionWarnings(renderer: any RetentionWarningRenderer) throws -> Int {
        try write { db in
            let now = clock.now()
            let retention = try settings(in: db).retention
            guard let days = retention.warningDays else { return 0 }
            var queued = 0
            let calendar = try businessCalendar(in: db)
            let soon = RetentionWarning.horizon(days: days, from: now)
            for rule in retention.active where rule.action == .erase {
                for candidate in try Self.candidates(of: rule, now: soon, in: db) {
                    let person = try PersonRows.fetch(id: candidate.personId, in: db)
                    guard
                        let warning = try RetentionWarning.message(
                            to: person, linkVersion: try linkVersions(of: [person.id], in: db)[person.id],
                            lastContact: candidate.lastContact, rule: rule, soon: soon, calendar: calendar,
                            renderer: renderer, now: now),
                        try enqueue(warning.message, at: now, in: db) != nil
                    else { continue }
                    try AuditLog.record(
                        RetentionWarning.auditAction, personId: person.id, actor: RetentionWarning.auditActor, at: now,
                        detail: RetentionWarning.auditDetail(rule, warning.erasureDay), in: db)
                    queued += 1
                }
            }
            return queued
        }
    }

    /// The person followed "keep me on the list" in a warning: recorded as their contact, so
    /// the retention rules count their years from now.
    public func keepInTouch(personId: Int64) throws {
        try changePreferences(personId: personId, source: SelfServiceRows.keepSource, actor: Self.personActor) {
            db, now, source in
            try recordChange(SelfServiceRows.keepingInTouch(source: source, at: now), personId: personId, in: db)
        }
    }
}
