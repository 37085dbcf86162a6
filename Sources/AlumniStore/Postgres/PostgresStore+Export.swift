import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Exporting people on PostgreSQL: one statement streamed in one snapshot, each person with
/// their tags, in the query's order, as SQLite's export writes them; the export audited.
extension PostgresStore {
    /// Hands every person matching `query` to `write`, in order, and returns how many.
    public func exportPeople(matching query: PersonQuery, as actor: Caller, _ write: (Person) throws -> Void)
        async throws -> Int
    {
        try await authorize(.readPeople, actor)
        let (whereSQL, arguments) = try query.whereClause()
        let sql = """
            SELECT \(PersonRows.columns), (SELECT string_agg(tag, ';') FROM person_tag WHERE person_id = person.id) AS tags
            FROM person WHERE \(whereSQL) ORDER BY \(query.orderSQL(.postgres))
            """
        let count = try await snapshot { connection in
            var count = 0
            for try await row in try await connection.query(try Self.query(sql, arguments), logger: logger) {
                let row = try Self.row(row)
                var person = try Person(row: row)
                person.fields.tags = PersonRows.tags(joined: row["tags"])
                try write(person)
                count += 1
            }
            return count
        }
        try await transaction { connection in
            try await audit(
                PersonQuery.exportAction, personId: nil, actor: actor.name, at: clock.now(),
                detail: query.exportDetail(count, via: actor), on: connection)
        }
        return count
    }
}
