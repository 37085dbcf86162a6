import AlumniCore

extension Store {
    /// The organisation's settings, defaults filled in.
    public func settings() async throws -> OrganisationSettings {
        switch self {
        case .sqlite(let database): try database.settings()
        case .postgres(let store): try await store.settings()
        }
    }

    /// Changes one setting after checking its value; audited.
    public func setSetting(_ key: OrganisationSettings.Key, to value: String, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setSetting(key, to: value, actor: actor)
        case .postgres(let store): try await store.setSetting(key, to: value, actor: actor)
        }
    }

    /// The organisation's closing days with their reasons.
    public func closingDays() async throws -> [CalendarDate: String] {
        switch self {
        case .sqlite(let database): try database.closingDays()
        case .postgres(let store): try await store.closingDays()
        }
    }

    /// Adds (or renames) one of the organisation's own closing days; audited.
    public func addClosingDay(_ day: CalendarDate, reason: String, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.addClosingDay(day, reason: reason, actor: actor)
        case .postgres(let store): try await store.addClosingDay(day, reason: reason, actor: actor)
        }
    }

    /// Removes a closing day; returns false when there was none.
    @discardableResult
    public func removeClosingDay(_ day: CalendarDate, actor: Caller) async throws -> Bool {
        switch self {
        case .sqlite(let database): try database.removeClosingDay(day, actor: actor)
        case .postgres(let store): try await store.removeClosingDay(day, actor: actor)
        }
    }

    /// Every inquiry type's deadline policy.
    public func deadlinePolicies() async throws -> [DeadlinePolicy] {
        switch self {
        case .sqlite(let database): try database.deadlinePolicies()
        case .postgres(let store): try await store.deadlinePolicies()
        }
    }

    /// Replaces a type's policy after checking it; audited.
    public func setPolicy(_ policy: DeadlinePolicy, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.setPolicy(policy, actor: actor)
        case .postgres(let store): try await store.setPolicy(policy, actor: actor)
        }
    }
}
