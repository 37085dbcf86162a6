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
            for rule in retention.active where rule.action == .erase {
                let soon = now.addingTimeInterval(Double(days) * 86_400)
                for candidate in try Self.candidates(of: rule, now: soon, in: db) {
                    let person = try PersonRows.fetch(id: candidate.personId, in: db)
                    guard person.fields.email != nil, !person.doNotContact,
                        let version = try linkVersions(of: [person.id], in: db)[person.id]
                    else { continue }
                    let due = max(Self.cutoff(rule, now: candidate.lastContact, forward: true), soon)
                    let day = try businessCalendar(in: db).day(of: due)
                    guard
                        var message = try renderer.message(for: person, linkVersion: version, erasureDay: day, now: now)
                    else { continue }
                    message.dedupeKey =
                        "retention-warning:\(person.id):\(Int64(candidate.lastContact.timeIntervalSince1970))"
                    guard try enqueue(message, at: now, in: db) != nil else { continue }
                    try AuditLog.record(
                        "retention.warned", personId: person.id, actor: "retention", at: now,
                        detail: "rule \(rule.name), erasure from \(day)", in: db)
                    queued += 1
                }
            }
            return queued
        }
    }

    /// The person followed "keep me on the list" in a warning: recorded as their contact, so
    /// the retention rules count their years from now.
    public func keepInTouch(personId: Int64) throws {
        try changePreferences(personId: personId, source: "retention warning", actor: Self.personActor) {
            db, now, source in
            try recordChange(
                PreferenceChange(subject: .stayInTouch, value: "yes", source: source, actor: Self.personActor, at: now),
                personId: personId, in: db)
        }
    }
}
