import AlumniCore
import GRDB

extension AlumniDatabase {
    /// Fills the database with `count` demo people (see ``DemoPeople``) in one transaction;
    /// returns how many were added. Recent departures get their farewells and check-ins. `onProgress` hears the running count every 10,000 people.
    @discardableResult
    public func seedDemo(
        count: Int, seed: UInt64, today: CalendarDate, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) throws -> Int {
        try authorize(.writePeople, actor)
        let actor = actor.name
        return try write { db in
            let now = clock.now()
            var added = 0
            for demo in DemoPeople(count: count, seed: seed, today: today) {
                let id = try insertPerson(try demo.fields.validated(), at: now, in: db)
                for period in DemoRows.employment(of: demo, personId: id) { _ = try insertEmployment(period, in: db) }
                for pension in DemoRows.pensions(of: demo, personId: id) { _ = try insertPension(pension, in: db) }
                for consent in DemoRows.consents(of: demo, actor: actor, at: now) {
                    try setConsent(consent, personId: id, in: db)
                }
                added += 1
                if added % 10_000 == 0 { onProgress(added) }
            }
            try planDepartures(of: nil, in: db)
            try AuditLog.record("demo.seeded", personId: nil, actor: actor, at: now, detail: "\(added) people", in: db)
            return added
        }
    }
}

extension AlumniDatabase {
    /// A demo person to try the portal as: Swedish, with an address they may be e-mailed at.
    public func demoPortalPerson() throws -> (email: String, language: Language)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: DemoRows.portalPersonSQL).map { row in
                (row["email"], Language(rawValue: row["language"]) ?? .sv)
            }
        }
    }
}
