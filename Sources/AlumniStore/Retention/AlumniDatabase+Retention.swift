import AlumniCore
import Foundation
import GRDB

/// A person a retention rule applies to now.
public struct RetentionCandidate: Sendable, Encodable, Equatable {
    public var personId: Int64
    /// The rule's name, `customer.erase`.
    public var rule: String
    public var action: RetentionAction
    /// The later of leaving and the last contact (an inquiry's last step, a consent change).
    public var lastContact: Date
}

/// What a retention run did.
public struct RetentionRunReport: Sendable, Encodable, Equatable {
    public var minimised = 0
    public var erased = 0
    /// Outbox messages of the erased people, for a transport that keeps copies to forget.
    public var messageIds: [Int64] = []

    public init() {}
}

/// What retention did in a month, from the audit log.
public struct RetentionMonth: Sendable, Encodable, Equatable {
    /// `2026-11`.
    public var month: String
    public var minimised: Int
    public var erased: Int
}

extension AlumniDatabase {
    /// Who the organisation's retention rules apply to now, and by which rule: people who left
    /// and whose last contact is older than the rule, never while they have an open inquiry, a
    /// pending farewell or check-in, a consent granted within the rule's period or a legal
    /// hold, and (for employees) never erased while a pension arrangement is recorded. With
    /// warnings on, an erasure waits until the person's warning is old enough.
    public func retentionPlan() throws -> [RetentionCandidate] {
        let now = clock.now()
        return try writer.read { db in
            let retention = try settings(in: db).retention
            return RetentionRows.plan(
                try retention.active.map { rule in
                    try Self.candidates(of: rule, now: now, warnedDaysBefore: retention.warningDays, in: db)
                })
        }
    }

    /// Applies the plan `batchSize` people at a time, each batch one transaction that checks
    /// every person again (someone may have written meanwhile) and audits each with the rule's
    /// name; `onBatch` hears the running totals after each. Killed part-way (or stopped by
    /// `onBatch` throwing), whole batches are done and a second run does the rest.
    public func runRetention(
        batchSize: Int = 200, actor: Caller = .system("retention"),
        onBatch: (RetentionRunReport) throws -> Void = { _ in }
    ) throws -> RetentionRunReport {
        try authorize(.erasePeople, actor)
        let actor = actor.name
        let plan = try retentionPlan()
        var report = RetentionRunReport()
        for start in stride(from: 0, to: plan.count, by: max(1, batchSize)) {
            try write { db in
                let now = clock.now()
                let retention = try settings(in: db).retention
                for candidate in plan[start..<min(start + max(1, batchSize), plan.count)] {
                    guard let rule = retention.active.first(where: { $0.name == candidate.rule }),
                        try !Self.candidates(
                            of: rule, now: now, only: candidate.personId, warnedDaysBefore: retention.warningDays,
                            in: db
                        ).isEmpty
                    else { continue }
                    let detail = "rule \(rule.name) (\(rule.years) years)"
                    switch rule.action {
                    case .erase:
                        report.messageIds += try erasePerson(id: candidate.personId, actor: actor, in: db).messageIds
                        try AuditLog.record(
                            "retention.erased", personId: candidate.personId, actor: actor, at: now, detail: detail,
                            in: db)
                        report.erased += 1
                    case .minimise:
                        try minimisePerson(id: candidate.personId, since: Self.cutoff(rule, now: now), now: now, in: db)
                        try AuditLog.record(
                            "retention.minimised", personId: candidate.personId, actor: actor, at: now,
                            detail: detail, in: db)
                        report.minimised += 1
                    }
                }
            }
            try onBatch(report)
        }
        if report.erased + report.minimised > 0 {
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        return report
    }

    /// How many people retention minimised and erased, per month, newest first.
    public func retentionMonths() throws -> [RetentionMonth] {
        try writer.read { db in try Row.fetchAll(db, sql: RetentionRows.monthsSQL(.sqlite)).map(RetentionRows.month) }
    }

    /// The moment `rule`'s years before `now` (after it, with `forward`).
    static func cutoff(_ rule: RetentionRule, now: Date, forward: Bool = false) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .year, value: forward ? rule.years : -rule.years, to: now)!
    }

    /// The people `rule` applies to at `now` (only person `only`, when given).
    static func candidates(
        of rule: RetentionRule, now: Date, only: Int64? = nil, warnedDaysBefore warningDays: Int? = nil,
        in db: Database
    ) throws -> [RetentionCandidate] {
        let (sql, values) = RetentionRows.candidatesSQL(
            of: rule, now: now, only: only, warningDays: warningDays, .sqlite)
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)).map {
            RetentionRows.candidate($0, of: rule)
        }
    }
}
