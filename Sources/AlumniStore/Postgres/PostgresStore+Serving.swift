import Foundation
import PostgresNIO

extension PostgresStore {
    /// Runs `body` (a server's whole life) holding the lock every server on the database holds
    /// shared, on a connection of its own: several servers run side by side, and
    /// `alumni db copy` from the database is refused while any runs.
    public func whileServing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock_shared(\(Self.serveLock))", logger: logger)
            let result: T
            do {
                result = try await body()
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock_shared(\(Self.serveLock))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock_shared(\(Self.serveLock))", logger: logger)
            return result
        }
    }
}
