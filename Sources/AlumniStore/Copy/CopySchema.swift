import Foundation
import PostgresNIO

/// A column a copy moves: its name, PostgreSQL's type for it and what it holds.
struct CopyColumn: Sendable, Equatable {
    var name: String
    var postgresType: String
    var kind: ColumnKind
}

/// A table a copy moves, with its primary key (rows are read in its order, a batch at a time).
struct CopyTable: Sendable {
    var name: String
    var columns: [CopyColumn]
    /// The primary key's columns, in the key's order.
    var key: [CopyColumn]
    /// Whether `id` is an identity column, whose sequence the copy carries over.
    var hasIdentity: Bool

    var kinds: [ColumnKind] { columns.map(\.kind) }
    /// Rows per batch: fewer where a row may hold a file or a mail.
    var batchSize: Int { kinds.contains(.bytes) ? 50 : 2_000 }
    /// Where the key's columns are in a row.
    var keyPositions: [Int] { key.compactMap { key in columns.firstIndex(of: key) } }
}

/// Every table of the schema, parents before children, as PostgreSQL's catalog describes it:
/// the two stores have the same tables and columns (a test holds them to it), and PostgreSQL's
/// types say what each column holds.
struct CopySchema: Sendable {
    /// Tables the migrations fill, whose rows a copy replaces with the source's.
    static let seededTables: Set = ["deadline_policy", "signing_key"]

    var tables: [CopyTable]

    static func read(from store: PostgresStore) async throws -> CopySchema {
        var columns: [String: [CopyColumn]] = [:]
        var identities: Set<String> = []
        for try await (table, column, type, identity) in try await store.client.query(
            """
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity::text
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.table_name <> 'schema_migration'
            ORDER BY c.table_name, c.ordinal_position
            """, logger: store.logger
        ).decode((String, String, String, String).self) {
            columns[table, default: []].append(
                CopyColumn(name: column, postgresType: type, kind: try ColumnKind(postgresType: type)))
            if identity == "YES", column == "id" { identities.insert(table) }
        }
        var keys: [String: [String]] = [:]
        for try await (table, column) in try await store.client.query(
            """
            SELECT tc.table_name::text, kcu.column_name::text
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
            WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
            ORDER BY tc.table_name, kcu.ordinal_position
            """, logger: store.logger
        ).decode((String, String).self) {
            keys[table, default: []].append(column)
        }
        var parents: [String: Set<String>] = [:]
        for try await (child, parent) in try await store.client.query(
            """
            SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
            """, logger: store.logger
        ).decode((String, String).self) where child != parent {
            parents[child, default: []].insert(parent)
        }
        var tables: [String: CopyTable] = [:]
        for (name, tableColumns) in columns {
            guard let keyNames = keys[name] else { throw CopyError("the table \(name) has no primary key") }
            tables[name] = CopyTable(
                name: name, columns: tableColumns,
                key: keyNames.compactMap { key in tableColumns.first { $0.name == key } },
                hasIdentity: identities.contains(name))
        }
        return CopySchema(tables: try order(tables, parents: parents))
    }

    /// `tables` with every table after the tables it refers to; by name where that leaves a choice.
    private static func order(_ tables: [String: CopyTable], parents: [String: Set<String>]) throws -> [CopyTable] {
        var ordered: [CopyTable] = []
        var placed: Set<String> = []
        while placed.count < tables.count {
            let ready = tables.keys.sorted().filter { name in
                !placed.contains(name) && (parents[name] ?? []).isSubset(of: placed)
            }
            guard !ready.isEmpty else { throw CopyError("the tables' foreign keys go round in a circle") }
            for name in ready {
                ordered.append(tables[name]!)
                placed.insert(name)
            }
        }
        return ordered
    }
}
