import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Streams every person matching `query`'s filters (its page is ignored) to `write`, one
    /// at a time in the query's order, without loading them all. Tags are included.
    public func forEachPerson(matching query: PersonQuery, _ write: (Person) throws -> Void) throws {
        try writer.read { db in
            let (whereSQL, arguments) = try query.whereClause()
            let people = try db.makeStatement(
                sql: "SELECT \(PersonRows.columns) FROM person WHERE \(whereSQL) ORDER BY \(query.orderSQL)")
            let tagStatement = try db.makeStatement(sql: "SELECT tag FROM person_tag WHERE person_id = ? ORDER BY tag")
            try people.forEachRow(arguments: arguments) { row in
                var person = try Person(columns: row)
                person.fields.tags = try String.fetchAll(tagStatement, arguments: [person.id])
                try write(person)
            }
        }
    }
}
