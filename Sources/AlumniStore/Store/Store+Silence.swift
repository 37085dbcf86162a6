import AlumniCore
import Foundation

/// Silent cases and the alert scan through `Store`.
extension Store {
    /// Records by hand that a person was said goodbye to; ends a silent departure.
    public func recordFarewell(personId: Int64, note: String?, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.recordFarewell(personId: personId, note: note, actor: actor)
        case .postgres(let store): try await store.recordFarewell(personId: personId, note: note, actor: actor)
        }
    }

    /// Every silent inquiry of the types `actor` may see, silent departure and unreachable
    /// person, oldest silence first.
    public func silentCases(types: [InquiryType]? = nil, as actor: Caller) async throws -> [SilentCase] {
        switch self {
        case .sqlite(let database): try database.silentCases(types: types, as: actor)
        case .postgres(let store): try await store.silentCases(types: types, as: actor)
        }
    }

    /// People whose address bounced while they were owed news, longest first.
    public func unreachablePeople(as caller: Caller) async throws -> [SilentCase] {
        switch self {
        case .sqlite(let database): try database.unreachablePeople(as: caller)
        case .postgres(let store): try await store.unreachablePeople(as: caller)
        }
    }

    /// The oldest `limit` silent departures, with how many there are (up to one past `countLimit`).
    public func silentDepartures(limit: Int, countLimit: Int, as caller: Caller) async throws -> Page<SilentCase> {
        switch self {
        case .sqlite(let database): try database.silentDepartures(limit: limit, countLimit: countLimit, as: caller)
        case .postgres(let store): try await store.silentDepartures(limit: limit, countLimit: countLimit, as: caller)
        }
    }

    /// One alert scan (``AlumniDatabase/raiseAlerts(policy:addresses:dryRun:renderer:chunkSize:)``).
    public func raiseAlerts(
        policy: AlertPolicy, addresses: AlertAddresses, dryRun: Bool = false, renderer: any AlertRenderer,
        chunkSize: Int = 1_000
    ) async throws -> AlertScanReport {
        switch self {
        case .sqlite(let database):
            try database.raiseAlerts(
                policy: policy, addresses: addresses, dryRun: dryRun, renderer: renderer, chunkSize: chunkSize)
        case .postgres(let store):
            try await store.raiseAlerts(
                policy: policy, addresses: addresses, dryRun: dryRun, renderer: renderer, chunkSize: chunkSize)
        }
    }

    /// Alerts raised, newest first, with the state of their messages.
    public func alerts(limit: Int, offset: Int = 0) async throws -> Page<AlertRecord> {
        switch self {
        case .sqlite(let database): try database.alerts(limit: limit, offset: offset)
        case .postgres(let store): try await store.alerts(limit: limit, offset: offset)
        }
    }

    /// Deletes expired idempotency keys, stale desk sessions and sign-in failures, and stale
    /// portal records.
    public func purgeStaleRecords() async throws {
        switch self {
        case .sqlite(let database):
            try database.purgeExpiredIdempotencyRecords()
            try database.purgeStaleDeskSessions()
            try database.purgeStalePortalRecords()
        case .postgres(let store): try await store.purgeStaleRecords()
        }
    }
}

extension Store {
    /// How many inquiries stand open, overdue and silent right now, for monitoring.
    public func inquiryGauges() async throws -> InquiryGauges {
        switch self {
        case .sqlite(let database): try database.inquiryGauges()
        case .postgres(let store): try await store.inquiryGauges()
        }
    }
}
