import GRDB

extension Page where Item: FetchableRecord {
    /// One page of `table`'s rows matching `column = value` (every row when `value` is nil),
    /// in `order`, with the count of all matches.
    static func fetch(
        _ db: Database, from table: String, where column: String, equals value: (any DatabaseValueConvertible)?,
        orderBy order: String, limit: Int, offset: Int, countLimit: Int? = nil
    ) throws -> Page {
        let (condition, arguments) = Self.condition(column, value)
        return try fetch(
            db, from: table, where: condition, arguments: arguments, orderBy: order, limit: limit, offset: offset,
            countLimit: countLimit)
    }

    /// One page of `table`'s rows matching the SQL `condition`, in `order`, with the count of
    /// all matches (with `countLimit`, up to one past it, or past the page when that lies further on).
    static func fetch(
        _ db: Database, from table: String, where condition: String, arguments: StatementArguments,
        orderBy order: String, limit: Int, offset: Int, countLimit: Int? = nil
    ) throws -> Page {
        // Cached: the tables, conditions and orders come from the code, so there are few of them.
        let total = try count(
            db, "SELECT 1 FROM \(table) WHERE \(condition)", arguments, upTo: countLimit, offset + limit)
        let items = try Item.fetchAll(
            db.cachedStatement(sql: itemsSQL(table, condition, order)), arguments: arguments + [limit, offset])
        return Page(
            items: items, total: total, limit: limit, offset: offset,
            countLimit: countLimit.map { max($0, offset + limit) })
    }

    /// The rows of that page alone, without counting the matches.
    static func items(
        _ db: Database, from table: String, where column: String, equals value: (any DatabaseValueConvertible)?,
        orderBy order: String, limit: Int, offset: Int
    ) throws -> [Item] {
        let (condition, arguments) = Self.condition(column, value)
        return try Item.fetchAll(
            db.cachedStatement(sql: itemsSQL(table, condition, order)), arguments: arguments + [limit, offset])
    }

    /// A page of `table`'s rows matching `condition` in `order`, the limit and offset bound last.
    static func itemsSQL(_ table: String, _ condition: String, _ order: String) -> String {
        "SELECT * FROM \(table) WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?"
    }

    private static func condition(_ column: String, _ value: (any DatabaseValueConvertible)?)
        -> (String, StatementArguments)
    {
        (value == nil ? "TRUE" : "\(column) = ?", value.map { [$0] } ?? [])
    }
}

extension Page {
    /// How many rows `rows` (a `SELECT`) yields: all of them, or with `countLimit` up to one
    /// past it (or past `reach`, the end of the page shown, when that lies further on).
    static func count(
        _ db: Database, _ rows: String, _ arguments: StatementArguments, upTo countLimit: Int?, _ reach: Int
    ) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: countSQL(rows, limited: countLimit != nil)),
            arguments: arguments + (countLimit.map { [max($0, reach) + 1] } ?? [])) ?? 0
    }

    /// Counts the rows `rows` yields; `limited`, only up to the value bound last.
    static func countSQL(_ rows: String, limited: Bool) -> String {
        "SELECT COUNT(*) FROM (\(rows)\(limited ? " LIMIT ?" : "")) AS counted"
    }
}
