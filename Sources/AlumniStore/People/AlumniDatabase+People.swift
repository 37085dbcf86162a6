import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    // MARK: - Writes

    /// Adds a person; returns them as stored.
    ///
    /// - Throws: ``ValidationFailure`` for bad fields or a reference already in use.
    public func addPerson(_ fields: PersonFields, actor: Caller) throws -> Person {
        try authorize(.writePeople, actor)
        let actor = actor.name
        let clean = try fields.validated()
        return try write { db in
            let id = try insertPerson(clean, in: db)
            try AuditLog.record("person.created", personId: id, actor: actor, at: clock.now(), in: db)
            if clean.left != nil { try planDepartures(of: id, in: db) }
            return try PersonRows.fetch(id: id, in: db)
        }
    }

    /// Changes the fields `patch` sets; returns the person as stored. With `ifVersion`, the
    /// change is refused (``StoreError/stale(_:)``) when the person changed since that version was read.
    public func updatePerson(id: Int64, with patch: PersonFields, ifVersion: String? = nil, actor: Caller) throws
        -> Person
    {
        try authorize(.writePeople, actor, personId: id)
        let actor = actor.name
        return try write { db in
            if let ifVersion, try PersonRows.fetch(id: id, in: db).version != ifVersion {
                throw StoreError.stale("person #\(id)")
            }
            try update(id: id, with: patch, action: "person.updated", actor: actor, in: db)
            if patch.left != nil { try planDepartures(of: id, in: db) }
            return try PersonRows.fetch(id: id, in: db)
        }
    }

    /// Records that a person left on `left`, with an optional reason, and schedules their
    /// farewell and follow-up check-ins.
    public func recordDeparture(id: Int64, left: CalendarDate, reason: String?, actor: Caller) throws -> Person {
        try authorize(.writePeople, actor, personId: id)
        let actor = actor.name
        return try write { db in
            try update(
                id: id, with: PersonFields(left: left, departureReason: reason), action: "person.departed",
                actor: actor, in: db)
            try planDepartures(of: id, in: db)
            return try PersonRows.fetch(id: id, in: db)
        }
    }

    func insertPerson(
        _ clean: PersonFields, searchText: String? = nil, at now: Date? = nil, importRun: Int64? = nil, in db: Database
    ) throws -> Int64 {
        do {
            return try PersonRows.insert(
                clean, searchText: searchText, at: now ?? clock.now(), importRun: importRun, in: db)
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw try PersonRows.duplicateReference(clean, in: db)
        }
    }

    /// Applies a patch inside a transaction, audited as `action` with the changed field names.
    @discardableResult
    func update(id: Int64, with patch: PersonFields, action: String, actor: String, in db: Database) throws -> Person {
        let current = try PersonRows.fetch(id: id, in: db)
        let merged = try PersonRows.merged(current, patch)
        do {
            try PersonRows.update(id: id, with: merged, at: clock.now(), in: db)
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw try PersonRows.duplicateReference(merged, in: db)
        }
        if merged.email?.lowercased() != current.fields.email?.lowercased() {
            // A new address has not bounced.
            try db.execute(sql: PersonRows.addressChangedSQL, arguments: [id])
        }
        try AuditLog.record(
            action, personId: id, actor: actor, at: clock.now(),
            detail: PersonRows.changeDetail(current.fields, merged),
            in: db)
        return current
    }

    // MARK: - Reads

    /// The person with `id`, tags included.
    public func person(id: Int64, as caller: Caller) throws -> Person {
        try authorize(.readPeople, caller, personId: id)
        return try person(id: id)
    }

    func person(id: Int64) throws -> Person {
        try readStatement { db in try PersonRows.fetch(id: id, in: db) }
    }

    /// The person with external reference `ref`; `kind` is needed only when an employee and a
    /// customer share the reference.
    public func person(ref: String, kind: PersonKind? = nil, as caller: Caller) throws -> Person {
        try authorize(.readPeople, caller)
        return try writer.read { db in
            let kinds = kind.map { [$0] } ?? PersonKind.allCases
            let ids = try Int64.fetchAll(
                db, sql: PersonRows.idsByReference(kinds: kinds.count), arguments: StatementArguments(kinds) + [ref])
            return try PersonRows.fetch(id: PersonRows.onlyOne(ids, ref: ref), in: db)
        }
    }

    /// The display names of people `ids`, for a caller who may read people; erased people are
    /// left out.
    public func personNames(ids: some Collection<Int64>, as caller: Caller) throws -> [Int64: String] {
        try authorize(.readPeople, caller)
        return try writer.read { db in try personNames(ids: ids, in: db) }
    }

    /// The display names of people `ids` (one query, for a list of their cases); erased people
    /// are left out.
    func personNames(ids: some Collection<Int64>, in db: Database) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return PersonRows.names(
            try Row.fetchAll(
                db.cachedStatement(sql: PersonRows.namesSQL(count: ids.count)),
                arguments: StatementArguments(Array(ids))))
    }

    /// Where the desk's lists (the queue, the directory) stop counting, unless the page asked for
    /// lies further on.
    public static let listCountLimit = 1000

    /// One page of people matching `query`, with the total count of matches. With `countLimit`,
    /// counting stops one past it, or past the page asked for when that lies further on: the
    /// desk's directory does not count a million people on every view.
    public func people(matching query: PersonQuery, countLimit: Int? = nil, as caller: Caller) throws -> Page<Person> {
        try authorize(.readPeople, caller)
        let countLimit = countLimit.map { max($0, query.offset + query.limit) }
        return try writer.read { db in
            let (whereSQL, values) = try query.whereClause()
            let arguments = StatementArguments(values)
            let total =
                try Int.fetchOne(
                    db, sql: PersonRows.countSQL(whereSQL, limited: countLimit != nil),
                    arguments: arguments + (countLimit.map { [$0 + 1] } ?? [])) ?? 0
            var people = try db.makeStatement(sql: PersonRows.pageSQL(whereSQL, order: query.orderSQL()))
                .fetchAll(arguments: arguments + [query.limit, query.offset], Person.init(columns:))
            let tags = try PersonRows.tags(of: people.map(\.id), in: db)
            for index in people.indices {
                people[index].fields.tags = tags[people[index].id] ?? []
            }
            return Page(
                items: people, total: total, limit: query.limit, offset: query.offset, countLimit: countLimit)
        }
    }
}

extension PersonCSV.Column {
    /// The position of the column in an exported row.
    var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// A slice of a longer list.
extension Page: Equatable where Item: Equatable {}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// How many items match in all, across every page: when ``countLimit`` is set, up to one
    /// more than it, and a total above it means "more than `countLimit`".
    public var total: Int
    public var limit: Int
    public var offset: Int
    /// Where counting stopped; nil when ``total`` is exact.
    public var countLimit: Int?

    public init(items: [Item], total: Int, limit: Int, offset: Int, countLimit: Int? = nil) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
        self.countLimit = countLimit
    }
}

extension Page: Encodable where Item: Encodable {}

extension Page {
    /// The same slice with each item transformed.
    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(
            items: try items.map(transform), total: total, limit: limit, offset: offset, countLimit: countLimit)
    }
}
