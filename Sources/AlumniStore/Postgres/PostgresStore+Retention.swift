import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Retention on PostgreSQL: the rules and SQL of `RetentionRows`, a batch of people per
/// transaction, each checked again inside it, then `VACUUM` of what it touched.
extension PostgresStore {
    public func retentionPlan() async throws -> [RetentionCandidate] {
        let now = clock.now()
        return try await snapshot { connection in
            let retention = try await settings(on: connection).retention
            var candidates: [[RetentionCandidate]] = []
            for rule in retention.active {
                candidates.append(
                    try await self.candidates(
                        of: rule, now: now, warningDays: retention.warningDays, on: connection))
            }
            return RetentionRows.plan(candidates)
        }
    }

    /// Applies the plan `batchSize` people at a time, as SQLite's store does; killed part-way,
    /// whole batches are done and a second run does the rest.
    public func runRetention(
        batchSize: Int = 200, actor: Caller = .system("retention"),
        onBatch: (RetentionRunReport) throws -> Void = { _ in }
    ) async throws -> RetentionRunReport {
        try await authorize(.erasePeople, actor)
        let actor = actor.name
        let plan = try await retentionPlan()
        let size = max(1, batchSize)
        var report = RetentionRunReport()
        for start in stride(from: 0, to: plan.count, by: size) {
            let batch = Array(plan[start..<min(start + size, plan.count)])
            let done = try await transaction { connection in
                var done = RetentionRunReport()
                let now = clock.now()
                let retention = try await settings(on: connection).retention
                for candidate in batch {
                    guard let rule = retention.active.first(where: { $0.name == candidate.rule }),
                        try await !self.candidates(
                            of: rule, now: now, only: candidate.personId, warningDays: retention.warningDays,
                            on: connection
                        ).isEmpty
                    else { continue }
                    let detail = "rule \(rule.name) (\(rule.years) years)"
                    switch rule.action {
                    case .erase:
                        done.messageIds += try await erase(
                            personId: candidate.personId, actor: actor, now: now, on: connection
                        ).messageIds
                        try await audit(
                            "retention.erased", personId: candidate.personId, actor: actor, at: now, detail: detail,
                            on: connection)
                        done.erased += 1
                    case .minimise:
                        try await minimise(
                            personId: candidate.personId, since: AlumniDatabase.cutoff(rule, now: now), now: now,
                            on: connection)
                        try await audit(
                            "retention.minimised", personId: candidate.personId, actor: actor, at: now,
                            detail: detail, on: connection)
                        done.minimised += 1
                    }
                }
                return done
            }
            report.erased += done.erased
            report.minimised += done.minimised
            report.messageIds += done.messageIds
            try onBatch(report)
        }
        if report.erased + report.minimised > 0 { try await vacuumErasedRows(minimised: report.minimised > 0) }
        return report
    }

    public func retentionMonths() async throws -> [RetentionMonth] {
        try await rows(RetentionRows.monthsSQL(.postgres)).map(RetentionRows.month)
    }

    func candidates(
        of rule: RetentionRule, now: Date, only: Int64? = nil, warningDays: Int?, on connection: PostgresConnection
    ) async throws -> [RetentionCandidate] {
        let (sql, values) = RetentionRows.candidatesSQL(
            of: rule, now: now, only: only, warningDays: warningDays, .postgres)
        return try await rows(sql, values, on: connection).map { RetentionRows.candidate($0, of: rule) }
    }

    /// Keeps of person `id` only what old pension questions and certificates need, inside the
    /// caller's transaction, as SQLite's store minimises.
    private func minimise(personId id: Int64, since: Date, now: Date, on connection: PostgresConnection) async throws {
        let person = try await person(id: id, on: connection)
        guard person.erasedAt == nil else { return }
        let words = try await words(about: person, on: connection)
        _ = try await rows(RetentionRows.minimiseSQL, RetentionRows.minimiseValues(person, now: now), on: connection)
        // Retention applies only without open inquiries: every inquiry here is closed.
        let said = try await messagesAndMail(personId: id, on: connection)
        try await run(
            RetentionRows.minimiseStatements(personId: id, since: since) + ErasureRows.inquiryWordsSQL(personId: id)
                + said.mail + ErasureRows.messagesSQL(toThem: said.toThem, alerts: said.alerts)
                + [RetentionRows.bouncesStatement(personId: id)], on: connection)
        try await forgetResponses(showing: words, on: connection)
    }
}
