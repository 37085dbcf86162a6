import AlumniCore
import Foundation

/// Demo data through `Store`.
extension Store {
    /// Adds `count` demo people from `seed` (the same seed, the same people) in one transaction;
    /// returns how many. `onProgress` hears the running count.
    @discardableResult
    public func seedDemo(
        count: Int, seed: UInt64, today: CalendarDate, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        switch self {
        case .sqlite(let database):
            try database.seedDemo(count: count, seed: seed, today: today, actor: actor, onProgress: onProgress)
        case .postgres(let store):
            try await store.seedDemo(count: count, seed: seed, today: today, actor: actor, onProgress: onProgress)
        }
    }

    /// Adds `count` demo inquiries from the people already stored; returns how many.
    @discardableResult
    public func seedDemoInquiries(
        count: Int, seed: UInt64, actor: Caller, onProgress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        switch self {
        case .sqlite(let database):
            try database.seedDemoInquiries(count: count, seed: seed, actor: actor, onProgress: onProgress)
        case .postgres(let store):
            try await store.seedDemoInquiries(count: count, seed: seed, actor: actor, onProgress: onProgress)
        }
    }

    /// A demo person to try the portal as: Swedish, with an address they may be e-mailed at.
    public func demoPortalPerson() async throws -> (email: String, language: Language)? {
        switch self {
        case .sqlite(let database): try database.demoPortalPerson()
        case .postgres(let store): try await store.demoPortalPerson()
        }
    }
}
