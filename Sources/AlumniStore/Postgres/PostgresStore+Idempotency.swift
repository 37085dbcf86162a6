import Foundation
import GRDB
import PostgresNIO

/// `Idempotency-Key` records on PostgreSQL: the SQL of ``IdempotencyRows``, and the claim
/// recorded in the first write transaction of the request, as on SQLite.
extension PostgresStore {
    /// What is kept for `key` sent by `actor`, if anything (an expired key keeps nothing).
    func idempotencyRecord(actor: String, key: String) async throws -> IdempotencyRecord? {
        let (sql, values) = IdempotencyRows.record(actor: actor, key: key, now: clock.now())
        return try await rows(sql, values).first.map(IdempotencyRows.record(from:))
    }

    /// Keeps the response to the request `claim` stands for; the first response kept wins.
    func storeResponse(_ response: StoredResponse, for claim: IdempotencyClaim) async throws {
        let (sql, values) = try IdempotencyRows.keep(response, for: claim, now: clock.now())
        _ = try await rows(sql, values)
    }

    /// Records `claim`'s key in the transaction on `connection`; another request holding the
    /// key (it committed first, or this insert waited for it to) is ``IdempotencyKeyTaken``.
    func record(_ claim: IdempotencyClaim, on connection: PostgresConnection) async throws {
        do {
            for (sql, values) in claim.claimStatements(at: clock.now()) {
                _ = try await rows(sql, values, on: connection)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw IdempotencyKeyTaken()
        }
    }
}
