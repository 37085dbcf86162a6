import AlumniCore
import AlumniJobs
import AlumniServer
import AlumniTestSupport
import Foundation
import HummingbirdTesting
import Logging

@testable import AlumniStore

extension TestServer {
    /// Runs `test` against the real application on a PostgreSQL copy of this server's database,
    /// with the same clock and messages to requesters. The SQLite database is closed first (a
    /// copy needs it at rest) and must not be used after. With `notifications`, the application
    /// renders campaigns as `alumni serve` would (``jobSettings``), and `test` gets its jobs.
    /// The application logs to `logs` when given.
    func testOnPostgres(
        settings: ServerSettings = TestServer.quiet, notifications: Bool = false, logs: LogRecorder? = nil,
        _ test: @escaping @Sendable (any TestClientProtocol, PostgresStore, BackgroundJobs?) async throws -> Void
    ) async throws {
        let (location, messages) = try await copyToPostgres()
        try await PostgresStore.withStore(location, clock: clock, requesterMessages: messages) { postgres in
            let logger = logs?.logger() ?? LogRecorder().logger(level: .critical)
            let jobs =
                notifications
                ? try await BackgroundJobs.on(.postgres(postgres), settings: jobSettings, logger: logger) : nil
            let app = try buildApplication(
                settings: settings, store: .postgres(postgres), notifications: jobs, logger: logger)
            try await app.test(.router) { client in try await test(client, postgres, jobs) }
        }
    }

    /// Runs `test` against two instances of the real application on one PostgreSQL copy of this
    /// server's database, each with a pool of its own, as two `alumni serve` behind a load
    /// balancer are.
    func testOnTwoInstances(
        _ test: @escaping @Sendable (any TestClientProtocol, any TestClientProtocol, PostgresStore) async throws -> Void
    ) async throws {
        let (location, messages) = try await copyToPostgres()
        let logger = LogRecorder().logger(level: .critical)
        try await PostgresStore.withStore(location, clock: clock, requesterMessages: messages) { first in
            try await PostgresStore.withStore(location, clock: clock, requesterMessages: messages) { second in
                let a = try buildApplication(
                    settings: TestServer.quiet, store: .postgres(first), notifications: nil, logger: logger)
                let b = try buildApplication(
                    settings: TestServer.quiet, store: .postgres(second), notifications: nil, logger: logger)
                try await a.test(.router) { clientA in
                    try await b.test(.router) { clientB in try await test(clientA, clientB, first) }
                }
            }
        }
    }

    /// Closes this server's SQLite database (a copy needs it at rest) and copies it into a new
    /// PostgreSQL database; returns where, and the messages to requesters the server renders.
    private func copyToPostgres() async throws -> (PostgresLocation, (any RequesterMessages)?) {
        let path = database.path
        let messages = database.requesterMessages
        try database.close()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        return (location, messages)
    }
}
