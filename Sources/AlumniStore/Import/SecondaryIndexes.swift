import GRDB

/// The non-unique indexes of the tables an import fills, set aside while a large file goes in
/// and built again, sorted in one pass, at its end.
///
/// Inserting a million rows into a B-tree keyed by name or leaving date touches pages all over
/// it; building the index afterwards sorts once. Unique indexes stay, so duplicate references
/// are still caught row by row. An import in one transaction drops and rebuilds them inside it;
/// a batched import records them with its run, so a killed one gets them back. So do the
/// indexes of a column no import writes, which stay empty and cost nothing to keep.
struct SecondaryIndexes {
    /// The `CREATE INDEX` statements of the indexes set aside.
    let definitions: [String]

    /// What an import sets aside: the indexes of people and their tags but for
    /// `person_unreachable` (only bounces fill it).
    static func suspendForImport(in db: Database) throws -> SecondaryIndexes {
        try suspend(on: ["person", "person_tag"], keeping: ["person_unreachable"], in: db)
    }

    /// Drops the non-unique, named indexes of `tables` but those in `kept`, remembering how to
    /// build them again.
    static func suspend(on tables: [String], keeping kept: Set<String>, in db: Database) throws -> SecondaryIndexes {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                  AND tbl_name IN (\(databaseQuestionMarks(count: tables.count)))
                """, arguments: StatementArguments(tables)
        ).filter { !kept.contains($0["name"]) }
        for row in rows {
            let name: String = row["name"]
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        return SecondaryIndexes(definitions: rows.map { $0["sql"] })
    }

    /// Builds the dropped indexes again. SQLite sorts in as much memory as the page cache may
    /// hold, on top of the cache itself; a 16 MiB cache for the rebuild keeps the import's peak
    /// memory where it was with the indexes in place.
    func rebuild(in db: Database) throws {
        try Self.rebuild(definitions, in: db)
    }

    /// Builds `definitions` again, those that are missing (after a crash, some may be back).
    static func rebuild(_ definitions: [String], in db: Database) throws {
        try db.withCacheSize(kibibytes: 16 * 1024) {
            for definition in definitions {
                try db.execute(
                    sql: definition.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS "))
            }
        }
    }
}
