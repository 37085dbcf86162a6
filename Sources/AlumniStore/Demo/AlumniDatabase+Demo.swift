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
                for job in demo.employment {
                    _ = try insertEmployment(
                        EmploymentPeriod(
                            personId: id, entity: job.entity, country: job.country, from: job.from, to: job.to),
                        in: db)
                }
                for pension in demo.pensions {
                    _ = try insertPension(
                        PensionArrangement(
                            personId: id, provider: pension.provider, plan: pension.plan, reference: pension.reference,
                            from: pension.from, to: pension.to), in: db)
                }
                for consent in demo.consents {
                    try setConsent(
                        Consent(
                            topic: consent.topic, channel: consent.channel, granted: consent.granted, source: "demo",
                            actor: actor, at: now), personId: id, in: db)
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
            try Row.fetchOne(
                db,
                sql: """
                    SELECT email, language FROM person
                    WHERE language = 'sv' AND email IS NOT NULL AND erased_at IS NULL AND do_not_contact = 0
                      AND email_undeliverable_at IS NULL
                    ORDER BY id LIMIT 1
                    """
            ).map { row in (row["email"], Language(rawValue: row["language"]) ?? .sv) }
        }
    }
}
