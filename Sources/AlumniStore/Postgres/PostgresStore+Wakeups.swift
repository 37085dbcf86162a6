import AlumniCore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// The channel a trigger on `outbox_message` notifies when mail is queued.
    static let outboxChannel = "alumni_outbox"

    /// Calls `wake` whenever mail is queued on the database, by this instance or any other or a
    /// command (`LISTEN` on a connection held for it), until cancelled. Behind a pooler that drops
    /// `LISTEN` (PgBouncer in transaction mode) nothing comes, and the callers' polling is all.
    public func listenForQueuedMail(_ wake: @escaping @Sendable () -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.outboxChannel) { notifications in
                for try await _ in notifications { wake() }
            }
        }
    }
}
