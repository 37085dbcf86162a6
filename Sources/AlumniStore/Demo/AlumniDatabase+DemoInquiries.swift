import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Adds `count` demo inquiries (see ``DemoInquiries``) from the people already stored, in
    /// one transaction, with deadlines from the current policies and calendar. Returns how many
    /// were added (none when there are no people). `onProgress` hears the running count.
    @discardableResult
    public func seedDemoInquiries(
        count: Int, seed: UInt64, openShare: Double = 0.05, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) throws -> Int {
        try authorize(.writePeople, actor)
        let actor = actor.name
        return try write { db in
            let personIds = try Int64.fetchAll(db, sql: DemoRows.personIdsSQL)
            let calendar = try businessCalendar(in: db)
            var policies: [InquiryType: DeadlinePolicy] = [:]
            for type in InquiryType.allCases { policies[type] = try policy(for: type, in: db) }
            let now = clock.now()
            var added = 0
            for demo in DemoInquiries(
                count: count, people: personIds.count, seed: seed, now: now, openShare: openShare, calendar: calendar)
            {
                let inquiry = DemoRows.inquiry(
                    demo, personIds: personIds, policies: policies, calendar: calendar, now: now)
                let id = try InquiryRows.insert(inquiry, in: db)
                try InquiryRows.addEvent(
                    .inbound, inquiryId: id, author: "person #\(inquiry.personId)", at: demo.timeline.receivedAt,
                    body: demo.subject, in: db)
                added += 1
                if added % 50_000 == 0 { onProgress(added) }
            }
            try AuditLog.record(
                "demo.seeded", personId: nil, actor: actor, at: now, detail: "\(added) inquiries", in: db)
            return added
        }
    }
}
