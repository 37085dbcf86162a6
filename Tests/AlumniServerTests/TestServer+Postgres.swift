import AlumniServer
import AlumniTestSupport
import Foundation
import HummingbirdTesting
import Logging

@testable import AlumniStore

extension TestServer {
    /// Runs `test` against the real application on a PostgreSQL copy of this server's database,
    /// with the same clock and messages to requesters. The SQLite database is closed first (a
    /// copy needs it at rest) and must not be used after.
    func testOnPostgres(
        settings: ServerSettings = TestServer.quiet,
        _ test: @escaping @Sendable (any TestClientProtocol, PostgresStore) async throws -> Void
    ) async throws {
        let path = database.path
        let messages = database.requesterMessages
        try database.close()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        try await PostgresStore.withStore(location, clock: clock, requesterMessages: messages) { postgres in
            let app = try buildApplication(
                settings: settings, store: .postgres(postgres), logger: LogRecorder().logger(level: .critical))
            try await app.test(.router) { client in try await test(client, postgres) }
        }
    }
}
