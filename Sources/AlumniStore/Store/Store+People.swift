import AlumniCore
import Foundation

extension Store {
    /// The person with `id`, tags included.
    public func person(id: Int64, as caller: Caller) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.person(id: id, as: caller)
        case .postgres(let store): try await store.person(id: id, as: caller)
        }
    }

    /// The person with `id`, unchecked: for what the caller may see with it (an inquiry's requester).
    func person(id: Int64) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.person(id: id)
        case .postgres(let store): try await store.person(id: id)
        }
    }

    /// The person with external reference `ref`; `kind` is needed only when an employee and a
    /// customer share the reference.
    public func person(ref: String, kind: PersonKind? = nil, as caller: Caller) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.person(ref: ref, kind: kind, as: caller)
        case .postgres(let store): try await store.person(ref: ref, kind: kind, as: caller)
        }
    }

    /// One page of people matching `query`, with the total count of matches (up to one past
    /// `countLimit` when given).
    public func people(matching query: PersonQuery, countLimit: Int? = nil, as caller: Caller) async throws
        -> Page<Person>
    {
        switch self {
        case .sqlite(let database): try database.people(matching: query, countLimit: countLimit, as: caller)
        case .postgres(let store): try await store.people(matching: query, countLimit: countLimit, as: caller)
        }
    }

    /// A former employee's employment periods, for those who may read restricted data.
    public func employmentPeriods(personId: Int64, as actor: Caller) async throws -> [EmploymentPeriod] {
        switch self {
        case .sqlite(let database): try database.employmentPeriods(personId: personId, as: actor)
        case .postgres(let store): try await store.employmentPeriods(personId: personId, as: actor)
        }
    }

    /// A person's pension arrangements, for those who may read restricted data; every read audited.
    public func pensionArrangements(personId: Int64, as actor: Caller) async throws -> [PensionArrangement] {
        switch self {
        case .sqlite(let database): try database.pensionArrangements(personId: personId, as: actor)
        case .postgres(let store): try await store.pensionArrangements(personId: personId, as: actor)
        }
    }

    /// Whether mail reaches person `id`.
    public func mailStatus(personId id: Int64) async throws -> PersonMailStatus {
        switch self {
        case .sqlite(let database): try database.mailStatus(personId: id)
        case .postgres(let store): try await store.mailStatus(personId: id)
        }
    }
}

/// Adding and changing people through `Store`.
extension Store {
    /// Adds a person; returns them as stored. Refused for bad fields or a reference in use.
    public func addPerson(_ fields: PersonFields, actor: Caller) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.addPerson(fields, actor: actor)
        case .postgres(let store): try await store.addPerson(fields, actor: actor)
        }
    }

    /// Changes the fields `patch` sets; with `ifVersion`, refused (``StoreError/stale(_:)``)
    /// when the person changed since that version was read.
    public func updatePerson(id: Int64, with patch: PersonFields, ifVersion: String? = nil, actor: Caller)
        async throws -> Person
    {
        switch self {
        case .sqlite(let database): try database.updatePerson(id: id, with: patch, ifVersion: ifVersion, actor: actor)
        case .postgres(let store):
            try await store.updatePerson(id: id, with: patch, ifVersion: ifVersion, actor: actor)
        }
    }

    /// Records that a person left on `left`, and schedules their farewell and check-ins.
    public func recordDeparture(id: Int64, left: CalendarDate, reason: String?, actor: Caller) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.recordDeparture(id: id, left: left, reason: reason, actor: actor)
        case .postgres(let store): try await store.recordDeparture(id: id, left: left, reason: reason, actor: actor)
        }
    }
}

extension Store {
    /// Imports people from CSV (layout ``PersonCSV``): every row checked, every bad one handed to
    /// `onRejected`; unless `skipInvalid` is set, one bad row means nothing is stored.
    public func importPeople(
        from file: URL, options: PeopleImportOptions, actor: Caller,
        onRejected: (ImportRejection) -> Void = { _ in }, onProgress: (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportSummary {
        switch self {
        case .sqlite(let database):
            try database.importPeople(
                from: file, options: options, actor: actor, onRejected: onRejected, onProgress: onProgress)
        case .postgres(let store):
            try await store.importPeople(
                from: file, options: options, actor: actor, onRejected: onRejected, onProgress: onProgress)
        }
    }
}

extension Store {
    /// Adds an employment period to a former employee; returns it with its id.
    public func addEmployment(_ period: EmploymentPeriod, actor: Caller) async throws -> EmploymentPeriod {
        switch self {
        case .sqlite(let database): try database.addEmployment(period, actor: actor)
        case .postgres(let store): try await store.addEmployment(period, actor: actor)
        }
    }

    /// Adds a pension arrangement to a former employee; returns it with its id.
    public func addPension(_ arrangement: PensionArrangement, actor: Caller) async throws -> PensionArrangement {
        switch self {
        case .sqlite(let database): try database.addPension(arrangement, actor: actor)
        case .postgres(let store): try await store.addPension(arrangement, actor: actor)
        }
    }
}

extension Store {
    /// Removes a person's personal data for good (``AlumniDatabase/erasePerson(id:actor:)``);
    /// returns the outbox messages to and about them, for a transport that keeps copies.
    @discardableResult
    public func erasePerson(id: Int64, actor: Caller) async throws -> ErasureReport {
        switch self {
        case .sqlite(let database): try database.erasePerson(id: id, actor: actor)
        case .postgres(let store): try await store.erasePerson(id: id, actor: actor)
        }
    }
}

extension Store {
    /// Everything held about a person, for an actor who may read restricted data; audited.
    public func dataExport(personId: Int64, as actor: Caller) async throws -> PersonDataExport {
        switch self {
        case .sqlite(let database): try database.dataExport(personId: personId, as: actor)
        case .postgres(let store): try await store.dataExport(personId: personId, as: actor)
        }
    }
}

extension Store {
    /// Hands every person matching `query` to `write`, in the query's order, tags included;
    /// returns how many. Audited as one export.
    public func exportPeople(matching query: PersonQuery, as actor: Caller, _ write: (Person) throws -> Void)
        async throws -> Int
    {
        switch self {
        case .sqlite(let database): try database.exportPeople(matching: query, as: actor, write)
        case .postgres(let store): try await store.exportPeople(matching: query, as: actor, write)
        }
    }
}

extension Store {
    /// Person `id` as `viewer` may see them, all at once: the desk's person page.
    public func personRecord(id: Int64, as viewer: Caller) async throws -> PersonRecord {
        switch self {
        case .sqlite(let database): try database.personRecord(id: id, as: viewer)
        case .postgres(let store): try await store.personRecord(id: id, as: viewer)
        }
    }
}

extension Store {
    /// The display names of people `ids` (one query, for a list of their cases), for a caller
    /// who may read people; erased people are left out.
    public func personNames(ids: Set<Int64>, as caller: Caller) async throws -> [Int64: String] {
        switch self {
        case .sqlite(let database): try database.personNames(ids: ids, as: caller)
        case .postgres(let store): try await store.personNames(ids: ids, as: caller)
        }
    }
}
