import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Streams every person matching `query`'s filters (its page is ignored) to `write`, one
    /// at a time in the query's order, without loading them all; tags are included. For an
    /// actor who may read people; the export is audited with its filters and count once it
    /// is complete, from whichever front end asked. Returns how many people were written.
    @discardableResult
    public func exportPeople(matching query: PersonQuery, as actor: Caller, _ write: (Person) throws -> Void) throws
        -> Int
    {
        try authorize(.readPeople, actor)
        var count = 0
        try writer.read { db in
            let (whereSQL, arguments) = try query.whereClause()
            let people = try db.makeStatement(
                sql: "SELECT \(PersonRows.columns) FROM person WHERE \(whereSQL) ORDER BY \(query.orderSQL())")
            let tagStatement = try db.makeStatement(sql: "SELECT tag FROM person_tag WHERE person_id = ? ORDER BY tag")
            try people.forEachRow(arguments: StatementArguments(arguments)) { row in
                var person = try Person(columns: row)
                person.fields.tags = try String.fetchAll(tagStatement, arguments: [person.id])
                try write(person)
                count += 1
            }
        }
        let filters = query.filterSummary
        try recordAudit(
            "people.exported", personId: nil, actor: actor.name,
            detail: "\(count) people" + (filters.isEmpty ? "" : " (\(filters))")
                + (actor.via.map { " via \($0)" } ?? ""))
        return count
    }
}
