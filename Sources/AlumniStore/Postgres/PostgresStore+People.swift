import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Reading people on PostgreSQL: SQLite's SQL and rules (`AlumniDatabase+People`), run through
/// the row bridge (`PostgresRows`).
extension PostgresStore {
    public func person(id: Int64, as caller: Caller) async throws -> Person {
        try await authorize(.readPeople, caller, personId: id)
        return try await person(id: id)
    }

    /// The person and their tags in one prepared statement, one round trip, as SQLite reads
    /// them: the API's hottest read, planned once per connection.
    func person(id: Int64) async throws -> Person {
        for try await row in try await client.execute(PersonByID(id: id), logger: logger) {
            var person = try Person(row: row)
            person.fields.tags = PersonRows.tags(joined: row["tags"])
            return person
        }
        throw StoreError.notFound("person #\(id)")
    }

    /// The person with `id`, tags included, on `connection`, in the caller's transaction.
    func person(id: Int64, on connection: PostgresConnection) async throws -> Person {
        guard let row = try await rows(PersonRows.withTagsSQL(.postgres), [id], on: connection).first else {
            throw StoreError.notFound("person #\(id)")
        }
        var person = try Person(row: row)
        person.fields.tags = PersonRows.tags(joined: row["tags"])
        return person
    }

    public func person(ref: String, kind: PersonKind?, as caller: Caller) async throws -> Person {
        try await authorize(.readPeople, caller)
        let kinds = kind.map { [$0] } ?? PersonKind.allCases
        let ids = try await rows(
            PersonRows.idsByReference(kinds: kinds.count), kinds + [ref]
        ).map { $0["id"] as Int64 }
        return try await person(id: PersonRows.onlyOne(ids, ref: ref))
    }

    public func people(matching query: PersonQuery, countLimit: Int?, as caller: Caller) async throws -> Page<Person> {
        try await authorize(.readPeople, caller)
        let countLimit = countLimit.map { max($0, query.offset + query.limit) }
        let (whereSQL, arguments) = try query.whereClause()
        return try await snapshot { connection in
            let total =
                try await rows(
                    PersonRows.countSQL(whereSQL, limited: countLimit != nil),
                    arguments + (countLimit.map { [$0 + 1] } ?? []), on: connection
                ).first.map { $0[0] as Int } ?? 0
            var people = try await rows(
                PersonRows.pageSQL(whereSQL, order: query.orderSQL(.postgres)),
                arguments + [query.limit, query.offset], on: connection
            ).map(Person.init(row:))
            let tags = try await tags(of: people.map(\.id), on: connection)
            for index in people.indices {
                people[index].fields.tags = tags[people[index].id] ?? []
            }
            return Page(
                items: people, total: total, limit: query.limit, offset: query.offset, countLimit: countLimit)
        }
    }

    func tags(of ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: [String]] = [:]
        for row in try await rows(
            PersonRows.tagsSQL(people: ids.count, dialect: .postgres), ids, on: connection)
        {
            result[row["person_id"], default: []].append(row["tag"])
        }
        return result
    }

    /// The display names of people `ids`, for a caller who may read people; erased people are left out.
    public func personNames(ids: some Collection<Int64>, as caller: Caller) async throws -> [Int64: String] {
        try await authorize(.readPeople, caller)
        guard !ids.isEmpty else { return [:] }
        return PersonRows.names(try await rows(PersonRows.namesSQL(count: ids.count), Array(ids)))
    }

    public func employmentPeriods(personId: Int64, as actor: Caller) async throws -> [EmploymentPeriod] {
        try await authorize(.readRestricted, actor, personId: personId)
        return try await rows(EmploymentPeriod.ofPersonSQL, [personId]).map(EmploymentPeriod.init(row:))
    }

    /// A person's pension arrangements; the read is audited in the same transaction.
    public func pensionArrangements(personId: Int64, as actor: Caller) async throws -> [PensionArrangement] {
        try await authorize(.readRestricted, actor, personId: personId)
        return try await transaction { connection in
            try await audit("pension.read", personId: personId, actor: actor.name, at: clock.now(), on: connection)
            return try await rows(PensionArrangement.ofPersonSQL, [personId], on: connection)
                .map(PensionArrangement.init(row:))
        }
    }

    /// Adds an employment period to a former employee; returns it with its id.
    public func addEmployment(_ period: EmploymentPeriod, actor: Caller) async throws -> EmploymentPeriod {
        try await authorize(.writeRestricted, actor, personId: period.personId)
        var clean = try period.validated()
        clean.id = try await addRecord(
            of: period.personId, EmploymentPeriod.insertSQL, clean.insertValues, action: "employment.added",
            named: "employment period", actor: actor)
        return clean
    }

    /// Adds a pension arrangement to a former employee; returns it with its id.
    public func addPension(_ arrangement: PensionArrangement, actor: Caller) async throws -> PensionArrangement {
        try await authorize(.writeRestricted, actor, personId: arrangement.personId)
        var clean = try arrangement.validated()
        clean.id = try await addRecord(
            of: arrangement.personId, PensionArrangement.insertSQL, clean.insertValues, action: "pension.added",
            named: "pension arrangement", actor: actor)
        return clean
    }

    /// Inserts a restricted record of former employee `personId`, audited as `action`; returns its id.
    private func addRecord(
        of personId: Int64, _ sql: String, _ values: [DatabaseValue], action: String, named noun: String,
        actor: Caller
    ) async throws -> Int64 {
        try await transaction { connection in
            try await person(id: personId, on: connection).requireFormerEmployee()
            let id = try await insertedId(sql, values, on: connection)
            try await audit(
                action, personId: personId, actor: actor.name, at: clock.now(), detail: "\(noun) #\(id)",
                on: connection)
            return id
        }
    }

    public func mailStatus(personId id: Int64) async throws -> PersonMailStatus {
        guard let row = try await rows(PersonMailStatus.sql, [id]).first else {
            throw StoreError.notFound("person #\(id)")
        }
        return PersonMailStatus(row: row)
    }
}

extension Person {
    /// A person from a row of ``PersonRows/columns`` by name, as the row bridge reads one
    /// (tags are read apart).
    init(row: Row) throws {
        self.init(
            id: row["id"],
            fields: PersonFields(
                givenName: row["given_name"], familyName: row["family_name"], email: row["email"],
                phone: row["phone"], address: row["address"], country: row["country"], language: row["language"],
                kind: row["kind"], externalRef: row["external_ref"], joined: row["joined_on"], left: row["left_on"],
                departureReason: row["departure_reason"], sentiment: row["sentiment"], tags: []),
            preferredChannel: row["preferred_channel"], contactNote: row["contact_note"],
            doNotContact: row["do_not_contact"], erasedAt: row["erased_at"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}

/// One person and their tags joined with `;`.
private struct PersonByID: PostgresPreparedStatement {
    static let sql = PersonRows.withTagsSQL(.postgres, placeholder: "$1")
    static let bindingDataTypes: [PostgresDataType] = [.int8]
    let id: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try PostgresStore.row(row) }
}
