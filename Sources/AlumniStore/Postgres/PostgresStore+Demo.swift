import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Demo data on PostgreSQL: the same people and inquiries from the same seed as on SQLite, each
/// batch in one transaction.
extension PostgresStore {
    /// Adds `count` demo people (see ``DemoPeople``) in one transaction; returns how many.
    /// Recent departures get their farewells and check-ins.
    @discardableResult
    public func seedDemo(
        count: Int, seed: UInt64, today: CalendarDate, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        try await authorize(.writePeople, actor)
        let actor = actor.name
        let now = clock.now()
        return try await transaction { connection in
            var added = 0
            for demo in DemoPeople(count: count, seed: seed, today: today) {
                let id = try await insertPerson(try demo.fields.validated(), actor: nil, at: now, on: connection)
                for period in DemoRows.employment(of: demo, personId: id) {
                    try await insertedId(EmploymentPeriod.insertSQL, period.insertValues, on: connection)
                }
                for pension in DemoRows.pensions(of: demo, personId: id) {
                    try await insertedId(PensionArrangement.insertSQL, pension.insertValues, on: connection)
                }
                for consent in DemoRows.consents(of: demo, actor: actor, at: now) {
                    try await setConsent(consent, personId: id, on: connection)
                }
                added += 1
                if added % 10_000 == 0 { onProgress(added) }
            }
            try await audit(
                "demo.seeded", personId: nil, actor: actor, at: now, detail: "\(added) people", on: connection)
            return added
        }
    }

    /// Adds `count` demo inquiries (see ``DemoInquiries``) from the people already stored, in one
    /// transaction, with deadlines from the current policies and calendar; returns how many.
    @discardableResult
    public func seedDemoInquiries(
        count: Int, seed: UInt64, openShare: Double = 0.05, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        try await authorize(.writePeople, actor)
        let actor = actor.name
        let now = clock.now()
        return try await transaction { connection in
            let personIds = try await rows(DemoRows.personIdsSQL, on: connection).map { $0["id"] as Int64 }
            let calendar = try await businessCalendar(on: connection)
            var policies: [InquiryType: DeadlinePolicy] = [:]
            for type in InquiryType.allCases { policies[type] = try await policy(for: type, on: connection) }
            var added = 0
            for demo in DemoInquiries(
                count: count, people: personIds.count, seed: seed, now: now, openShare: openShare, calendar: calendar)
            {
                let inquiry = DemoRows.inquiry(
                    demo, personIds: personIds, policies: policies, calendar: calendar, now: now)
                let id = try await insertedId(InquiryRows.insertSQL, InquiryRows.insertValues(inquiry), on: connection)
                try await insertedId(
                    InquiryRows.addEventSQL,
                    InquiryRows.eventValues(
                        .inbound, inquiryId: id, author: "person #\(inquiry.personId)", at: demo.timeline.receivedAt,
                        body: demo.subject), on: connection)
                added += 1
                if added % 50_000 == 0 { onProgress(added) }
            }
            try await audit(
                "demo.seeded", personId: nil, actor: actor, at: now, detail: "\(added) inquiries", on: connection)
            return added
        }
    }

    /// A demo person to try the portal as: Swedish, with an address they may be e-mailed at.
    public func demoPortalPerson() async throws -> (email: String, language: Language)? {
        try await rows(DemoRows.portalPersonSQL).first.map { row in
            (row["email"], Language(rawValue: row["language"]) ?? .sv)
        }
    }
}
