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
        try recordAudit(
            PersonQuery.exportAction, personId: nil, actor: actor.name, detail: query.exportDetail(count, via: actor))
        return count
    }
}

extension PersonQuery {
    static let exportAction = "people.exported"

    /// The audit detail of an export of `count` people matching this query.
    func exportDetail(_ count: Int, via actor: Caller) -> String {
        let filters = filterSummary
        return "\(count) people" + (filters.isEmpty ? "" : " (\(filters))") + (actor.via.map { " via \($0)" } ?? "")
    }
}
