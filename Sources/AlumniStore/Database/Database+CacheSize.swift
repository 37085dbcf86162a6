import GRDB

extension Database {
    /// Runs `body` with SQLite's page cache limited to `kibibytes`, then restores the limit.
    func withCacheSize<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        let previous = try Int.fetchOne(self, sql: "PRAGMA cache_size") ?? -2000
        try execute(sql: "PRAGMA cache_size = -\(kibibytes)")
        defer { try? execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }
}
