import AlumniCore
import Foundation
import GRDB

extension Person {
    /// A person from a row that selects ``PersonRows/columns``, by position (looking columns up
    /// by name was a third of a single-person read). Tags live in `person_tag`.
    init(columns row: DirectColumns) throws {
        typealias Column = PersonRows.Column
        try self.init(
            id: row.required(Column.id),
            fields: PersonFields(
                givenName: row[Column.givenName], familyName: row[Column.familyName], email: row[Column.email],
                phone: row[Column.phone], address: row[Column.address], country: row[Column.country],
                language: row[Column.language], kind: row[Column.kind], externalRef: row[Column.externalRef],
                joined: row[Column.joinedOn], left: row[Column.leftOn], departureReason: row[Column.departureReason],
                sentiment: row[Column.sentiment], tags: []),
            preferredChannel: row[Column.preferredChannel], contactNote: row[Column.contactNote],
            doNotContact: row.required(Column.doNotContact), erasedAt: row[Column.erasedAt],
            createdAt: row.required(Column.createdAt), updatedAt: row.required(Column.updatedAt))
    }
}

/// The SQL that writes people, shared by single adds, updates, imports and the demo.
enum PersonRows {
    /// The display names of `count` people by id; erased people are left out.
    static func namesSQL(count: Int) -> String {
        "SELECT id, given_name, family_name FROM person WHERE erased_at IS NULL AND id IN (\(databaseQuestionMarks(count: count)))"
    }

    /// The names ``namesSQL(count:)`` read, by id.
    static func names(_ rows: [Row]) -> [Int64: String] {
        Dictionary(
            rows.map { row in
                let name = [row["given_name"], row["family_name"]].compactMap { $0 as String? }
                return (row["id"] as Int64, name.joined(separator: " "))
            }, uniquingKeysWith: { first, _ in first })
    }

    /// The columns `Person(columns:)` reads, in its order.
    enum Column: Int32, OrderedColumns {
        case id, kind, givenName, familyName, email, phone, address, country, language, externalRef, joinedOn, leftOn
        case departureReason, sentiment, preferredChannel, contactNote, doNotContact, erasedAt, createdAt, updatedAt

        static let table: String? = "person"
    }

    /// ``Column``'s select list.
    static let columns = Column.selectList()
    /// Where a read that adds the person's tags after ``columns`` finds them.
    static let tagsColumn = Int32(Column.allCases.count)

    /// Inserts people, a row's values bound by ``bindInsert(_:searchText:at:importRun:to:)``.
    static let newRows = MultiRowInsert(
        into: """
            person (kind, given_name, family_name, email, phone, address, country, language, external_ref,
                joined_on, left_on, departure_reason, sentiment, search_text, created_at, updated_at, import_run_id)
            """, columns: 17)
    private static let insertTag = MultiRowInsert("INSERT OR IGNORE", into: "person_tag (person_id, tag)", columns: 2)

    static let updateSQL = """
        UPDATE person SET kind = ?, given_name = ?, family_name = ?, email = ?, phone = ?, address = ?, country = ?,
            language = ?, external_ref = ?, joined_on = ?, left_on = ?, departure_reason = ?, sentiment = ?,
            search_text = ?, updated_at = ?
        WHERE id = ?
        """

    /// Inserts validated fields and their tags; returns the new id. `searchText` may come
    /// precomputed (``searchText(of:)``), as an import does on its reading thread; `importRun`
    /// names the batched import that adds the person.
    static func insert(
        _ fields: PersonFields, searchText: String? = nil, at now: Date, importRun: Int64? = nil, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(sql: newRows.sql(rows: 1)).execute { values in
            bindInsert(
                fields, searchText: searchText ?? Self.searchText(of: fields), at: now, importRun: importRun,
                to: &values)
        }
        let id = db.lastInsertedRowID
        try insertTags(fields.tags ?? [], personId: id, in: db)
        return id
    }

    /// Binds the values of one row of ``insertColumns``.
    static func bindInsert(
        _ fields: PersonFields, searchText: String, at now: Date, importRun: Int64?, to values: inout DirectBindings
    ) {
        bindColumns(fields, searchText: searchText, to: &values)
        values.add(now.stored)
        values.add(now.stored)
        values.add(importRun)
    }

    /// Overwrites a person with validated fields and replaces the tags.
    static func update(id: Int64, with fields: PersonFields, at now: Date, in db: Database) throws {
        try db.cachedStatement(sql: updateSQL).execute { values in
            bindColumns(fields, searchText: searchText(of: fields), to: &values)
            values.add(now.stored)
            values.add(id)
        }
        try db.execute(sql: "DELETE FROM person_tag WHERE person_id = ?", arguments: [id])
        try insertTags(fields.tags ?? [], personId: id, in: db)
    }

    /// What search matches: names and email, folded (case, accents).
    static func searchText(of fields: PersonFields) -> String {
        SearchKey.fold([fields.givenName, fields.familyName, fields.email].compactMap { $0 }.joined(separator: " "))
    }

    /// The columns `insertSQL` and `updateSQL` share, in their order.
    private static func bindColumns(_ fields: PersonFields, searchText: String, to values: inout DirectBindings) {
        values.add(fields.kind)
        for text in [fields.givenName, fields.familyName, fields.email, fields.phone, fields.address, fields.country] {
            values.add(text)
        }
        values.add(fields.language)
        for text in [fields.externalRef, fields.joined?.description, fields.left?.description, fields.departureReason] {
            values.add(text)
        }
        values.add(fields.sentiment)
        values.add(searchText)
    }

    private static func insertTags(_ tags: [String], personId: Int64, in db: Database) throws {
        try insertTags(tags.map { (personId, $0) }, in: db)
    }

    /// Tags many people at once, a tag given twice stored once.
    static func insertTags(_ tags: some Collection<(personId: Int64, tag: String)>, in db: Database) throws {
        try insertTag.insert(tags, in: db) { tag, values in
            values.add(tag.personId)
            values.add(tag.tag)
        }
    }

    /// The id of the person of `kind` with external reference `ref`, if any.
    static func id(kind: PersonKind, ref: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: idByReferenceSQL), arguments: [kind, ref])
    }

    static let idByReferenceSQL = "SELECT id FROM person WHERE kind = ? AND external_ref = ?"

    /// The values of one inserted row of ``newRows``, in ``bindInsert(_:searchText:at:importRun:to:)``'s order.
    static func insertValues(_ fields: PersonFields, searchText: String? = nil, at now: Date) -> [DatabaseValue] {
        columnValues(fields, searchText: searchText) + [now.stored, now.stored].map(\.databaseValue) + [.null]
    }

    /// The values of ``updateSQL`` for person `id`.
    static func updateValues(id: Int64, _ fields: PersonFields, at now: Date) -> [DatabaseValue] {
        columnValues(fields, searchText: nil) + [now.stored.databaseValue, id.databaseValue]
    }

    /// The values ``bindColumns(_:searchText:to:)`` binds, in its order (SQLite binds them
    /// straight, without the array, on its import path).
    private static func columnValues(_ fields: PersonFields, searchText: String?) -> [DatabaseValue] {
        let values: [(any DatabaseValueConvertible)?] = [
            fields.kind, fields.givenName, fields.familyName, fields.email, fields.phone, fields.address,
            fields.country, fields.language, fields.externalRef, fields.joined?.description, fields.left?.description,
            fields.departureReason, fields.sentiment, searchText ?? Self.searchText(of: fields),
        ]
        return values.map { $0?.databaseValue ?? .null }
    }

    static let deleteTagsSQL = "DELETE FROM person_tag WHERE person_id = ?"
    /// One tag, a tag given twice stored once.
    static let insertTagSQL = "INSERT INTO person_tag (person_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING"

    /// A new address has not bounced.
    static let addressChangedSQL = """
        UPDATE person SET email_undeliverable_at = NULL, email_undeliverable_reason = NULL,
            unreachable_since = NULL WHERE id = ?
        """

    /// `patch` applied to `current`, checked: refused for someone erased.
    static func merged(_ current: Person, _ patch: PersonFields) throws -> PersonFields {
        guard current.erasedAt == nil else {
            throw ValidationFailure([
                FieldError(field: "id", reason: "person #\(current.id) was erased and cannot be changed")
            ])
        }
        return try current.fields.applying(patch).validated()
    }

    /// The audit entry's detail of a change from `before` to `after`: the fields that changed.
    static func changeDetail(_ before: PersonFields, _ after: PersonFields) -> String? {
        let old = PersonCSV.row(for: before), new = PersonCSV.row(for: after)
        let changed = PersonCSV.Column.allCases.filter { old[$0.index] != new[$0.index] }
        return changed.isEmpty ? nil : "changed: " + changed.map(\.rawValue).joined(separator: ", ")
    }

    /// The person and their tags (joined with `;`) in one statement, `placeholder` their id.
    static func withTagsSQL(_ dialect: SQLDialect, placeholder: String = "?") -> String {
        let joined = dialect == .postgres ? "string_agg(tag, ';')" : "group_concat(tag, ';')"
        return """
            SELECT \(columns), (SELECT \(joined) FROM person_tag WHERE person_id = person.id) AS tags
            FROM person WHERE id = \(placeholder)
            """
    }

    /// The person with `id`, tags included, in one statement (a consistent read without a transaction).
    static func fetch(id: Int64, in db: Database) throws -> Person {
        try fetch(id: id, with: "", in: db) { _, _ in }.person
    }

    /// The person with `id`, tags included, and what `read` makes of the columns `extraColumns`
    /// adds (a select list that starts with a comma, or nothing), the first of them at the index
    /// `read` is given: one statement, so one consistent read without a transaction.
    static func fetch<Extra>(
        id: Int64, with extraColumns: String, in db: Database, _ read: (DirectColumns, Int32) throws -> Extra
    ) throws -> (person: Person, extra: Extra) {
        // Cached: single reads are the API's hottest path, and compiling SQL each time was most of their cost.
        // Tags cannot contain ';', so they travel as one `;`-separated text, in the column after ``Column``'s.
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(columns), (SELECT group_concat(tag, ';') FROM person_tag WHERE person_id = person.id)
                \(extraColumns) FROM person WHERE id = ?
                """)
        let found = try statement.fetchFirst(binding: { $0.add(id) }) { row in
            var person = try Person(columns: row)
            person.fields.tags = tags(joined: row[tagsColumn])
            return (person: person, extra: try read(row, tagsColumn + 1))
        }
        guard let found else { throw StoreError.notFound("person #\(id)") }
        return found
    }

    /// The ids of the people of `kinds` (so many) with a reference, then the reference: naming
    /// the kinds lets SQLite use the unique (kind, external_ref) index.
    static func idsByReference(kinds: Int) -> String {
        "SELECT id FROM person WHERE kind IN (\(databaseQuestionMarks(count: kinds))) AND external_ref = ? LIMIT 2"
    }

    /// The one id a reference found; a reference found for none or for several is an error.
    static func onlyOne(_ ids: [Int64], ref: String) throws -> Int64 {
        guard let id = ids.first else { throw StoreError.notFound("person with ref '\(ref)'") }
        guard ids.count == 1 else {
            throw StoreError.ambiguous("ref '\(ref)' belongs to more than one person: name the kind too")
        }
        return id
    }

    /// Counts the people matching `whereSQL`; `limited`, only up to the value bound last.
    static func countSQL(_ whereSQL: String, limited: Bool) -> String {
        limited
            ? "SELECT COUNT(*) FROM (SELECT 1 FROM person WHERE \(whereSQL) LIMIT ?) AS matches"
            : "SELECT COUNT(*) FROM person WHERE \(whereSQL)"
    }

    /// A page of people matching `whereSQL` in `order`; the limit and offset bound last.
    static func pageSQL(_ whereSQL: String, order: String) -> String {
        "SELECT \(columns) FROM person WHERE \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?"
    }

    /// Tags of several people, each person's in byte order (SQLite's, and PostgreSQL's with `COLLATE "C"`).
    static func tagsSQL(people: Int, dialect: SQLDialect) -> String {
        "SELECT person_id, tag FROM person_tag WHERE person_id IN (\(databaseQuestionMarks(count: people))) "
            + "ORDER BY tag\(dialect == .postgres ? " COLLATE \"C\"" : "")"
    }

    /// A person's tags from the `;`-separated text a read joins them into (tags cannot hold `;`), sorted.
    static func tags(joined: String?) -> [String] {
        joined.map { $0.split(separator: ";").map(String.init).sorted() } ?? []
    }

    /// Tags of several people at once, sorted.
    static func tags(of ids: [Int64], in db: Database) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: [String]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: tagsSQL(people: ids.count, dialect: .sqlite), arguments: StatementArguments(ids))
        while let row = try rows.next() {
            result[row["person_id"], default: []].append(row["tag"])
        }
        return result
    }

    /// A validation failure for a reference that another person of the same kind holds.
    static func duplicateReference(_ fields: PersonFields, in db: Database) throws -> ValidationFailure {
        duplicateReference(
            fields,
            holder: try fields.kind.flatMap { kind in
                try fields.externalRef.flatMap { try id(kind: kind, ref: $0, in: db) }
            })
    }

    /// A validation failure for a reference person `holder` (if known) holds.
    static func duplicateReference(_ fields: PersonFields, holder: Int64?) -> ValidationFailure {
        let who = holder.map { "person #\($0)" } ?? "another person"
        return ValidationFailure([
            FieldError(
                field: "ref",
                reason: "'\(fields.externalRef ?? "")' is already used by \(who) of kind \(fields.kind?.rawValue ?? "")"
            )
        ])
    }
}

extension DatabaseError {
    /// True for a UNIQUE constraint violation.
    var isUniqueViolation: Bool { extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE }
}
