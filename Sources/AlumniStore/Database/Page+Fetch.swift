import GRDB

extension Page where Item: FetchableRecord {
    /// One page of `table`'s rows matching `column = value` (every row when `value` is nil),
    /// in `order`, with the count of all matches.
    static func fetch(
        _ db: Database, from table: String, where column: String, equals value: (any DatabaseValueConvertible)?,
        orderBy order: String, limit: Int, offset: Int
    ) throws -> Page {
        let condition = value == nil ? "1" : "\(column) = ?"
        let arguments: StatementArguments = value.map { [$0] } ?? []
        // Cached: the tables, columns and orders come from the code, so there are few of them.
        let total =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)"), arguments: arguments) ?? 0
        let items = try Item.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?"),
            arguments: arguments + [limit, offset])
        return Page(items: items, total: total, limit: limit, offset: offset)
    }
}
