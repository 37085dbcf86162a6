import AlumniCore
import GRDB

extension EmploymentPeriod: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            id: row["id"], personId: row["person_id"], entity: row["entity"], country: row["country"],
            from: row["from_date"], to: row["to_date"])
    }

    /// A person's periods, oldest first.
    static let ofPersonSQL = "SELECT * FROM employment_period WHERE person_id = ? ORDER BY from_date, id"

    static let insertSQL =
        "INSERT INTO employment_period (person_id, entity, country, from_date, to_date) VALUES (?, ?, ?, ?, ?)"

    var insertValues: [DatabaseValue] {
        [personId.databaseValue, entity.databaseValue, country.databaseValue, from.databaseValue, to.databaseValue]
    }
}

extension PensionArrangement: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            id: row["id"], personId: row["person_id"], provider: row["provider"], plan: row["plan"],
            reference: row["reference"], from: row["from_date"], to: row["to_date"])
    }

    /// A person's arrangements, oldest first.
    static let ofPersonSQL = "SELECT * FROM pension_arrangement WHERE person_id = ? ORDER BY from_date, id"

    static let insertSQL = """
        INSERT INTO pension_arrangement (person_id, provider, plan, reference, from_date, to_date)
        VALUES (?, ?, ?, ?, ?, ?)
        """

    var insertValues: [DatabaseValue] {
        [
            personId.databaseValue, provider.databaseValue, plan.databaseValue, reference.databaseValue,
            from.databaseValue, to.databaseValue,
        ]
    }
}

extension Person {
    /// Refuses employment and pension records for someone erased or who never worked here.
    func requireFormerEmployee() throws {
        guard erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "id", reason: "person #\(id) was erased")])
        }
        guard fields.kind?.wasEmployee == true else {
            throw ValidationFailure([
                FieldError(field: "id", reason: "person #\(id) is a customer, not a former employee")
            ])
        }
    }
}

extension AlumniDatabase {
    // MARK: - Employment periods

    /// Adds an employment period to a former employee; returns it with its id.
    public func addEmployment(_ period: EmploymentPeriod, actor: Caller) throws -> EmploymentPeriod {
        try authorize(.writeRestricted, actor, personId: period.personId)
        let actor = actor.name
        var clean = try period.validated()
        return try write { db in
            try requireFormerEmployee(period.personId, in: db)
            clean.id = try insertEmployment(clean, in: db)
            try AuditLog.record(
                "employment.added", personId: period.personId, actor: actor, at: clock.now(),
                detail: "employment period #\(clean.id!)", in: db)
            return clean
        }
    }

    func insertEmployment(_ period: EmploymentPeriod, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: EmploymentPeriod.insertSQL).execute(
            arguments: StatementArguments(period.insertValues))
        return db.lastInsertedRowID
    }

    /// A person's employment periods, oldest first, for an actor who may read restricted data.
    public func employmentPeriods(personId: Int64, as actor: Caller) throws -> [EmploymentPeriod] {
        try authorize(.readRestricted, actor, personId: personId)
        return try writer.read { db in try employmentPeriods(personId: personId, in: db) }
    }

    func employmentPeriods(personId: Int64, in db: Database) throws -> [EmploymentPeriod] {
        try EmploymentPeriod.fetchAll(db.cachedStatement(sql: EmploymentPeriod.ofPersonSQL), arguments: [personId])
    }

    // MARK: - Pension arrangements

    /// Adds a pension arrangement to a former employee; returns it with its id.
    public func addPension(_ arrangement: PensionArrangement, actor: Caller) throws -> PensionArrangement {
        try authorize(.writeRestricted, actor, personId: arrangement.personId)
        let actor = actor.name
        var clean = try arrangement.validated()
        return try write { db in
            try requireFormerEmployee(arrangement.personId, in: db)
            clean.id = try insertPension(clean, in: db)
            try AuditLog.record(
                "pension.added", personId: arrangement.personId, actor: actor, at: clock.now(),
                detail: "pension arrangement #\(clean.id!)", in: db)
            return clean
        }
    }

    func insertPension(_ arrangement: PensionArrangement, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: PensionArrangement.insertSQL).execute(
            arguments: StatementArguments(arrangement.insertValues))
        return db.lastInsertedRowID
    }

    /// A person's pension arrangements, oldest first, for an actor who may read restricted
    /// data; every read is audited with the reader.
    public func pensionArrangements(personId: Int64, as actor: Caller) throws -> [PensionArrangement] {
        try authorize(.readRestricted, actor, personId: personId)
        return try write { db in try pensionArrangements(personId: personId, reader: actor.name, in: db) }
    }

    func pensionArrangements(personId: Int64, reader: String, in db: Database) throws -> [PensionArrangement] {
        try AuditLog.record("pension.read", personId: personId, actor: reader, at: clock.now(), in: db)
        return try PensionArrangement.fetchAll(
            db.cachedStatement(sql: PensionArrangement.ofPersonSQL), arguments: [personId])
    }

    private func requireFormerEmployee(_ personId: Int64, in db: Database) throws {
        try PersonRows.fetch(id: personId, in: db).requireFormerEmployee()
    }
}
