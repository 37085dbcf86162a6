import AlumniCore
import Foundation

/// Retention through `Store`.
extension Store {
    /// Who the organisation's retention rules apply to now, and by which rule.
    public func retentionPlan() async throws -> [RetentionCandidate] {
        switch self {
        case .sqlite(let database): try database.retentionPlan()
        case .postgres(let store): try await store.retentionPlan()
        }
    }

    /// Applies the plan `batchSize` people at a time, each batch one transaction that checks
    /// every person again and audits each with the rule's name; `onBatch` hears the running
    /// totals after each.
    public func runRetention(
        batchSize: Int = 200, actor: Caller = .system("retention"),
        onBatch: (RetentionRunReport) throws -> Void = { _ in }
    ) async throws -> RetentionRunReport {
        switch self {
        case .sqlite(let database): try database.runRetention(batchSize: batchSize, actor: actor, onBatch: onBatch)
        case .postgres(let store): try await store.runRetention(batchSize: batchSize, actor: actor, onBatch: onBatch)
        }
    }

    /// How many people retention minimised and erased, per month, newest first.
    public func retentionMonths() async throws -> [RetentionMonth] {
        switch self {
        case .sqlite(let database): try database.retentionMonths()
        case .postgres(let store): try await store.retentionMonths()
        }
    }

    /// With `retention.warning_days` set, e-mails everyone an erasure rule will reach within
    /// that many days, once per last contact; returns how many warnings were queued.
    @discardableResult
    public func queueRetentionWarnings(renderer: any RetentionWarningRenderer) async throws -> Int {
        switch self {
        case .sqlite(let database): try database.queueRetentionWarnings(renderer: renderer)
        case .postgres(let store): try await store.queueRetentionWarnings(renderer: renderer)
        }
    }
}
