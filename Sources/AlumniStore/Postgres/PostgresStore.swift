import AlumniCore
import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL database: a pool of connections to it that runs while ``withStore(_:connections:logger:_:)``
/// runs its body, and is closed, every connection with it, when the body returns or throws.
public struct PostgresStore: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// Where "now" comes from, for every timestamp the store writes.
    public let clock: any WallClock
    /// Renders the messages a step sends the requester (none without it).
    public let requesterMessages: (any RequesterMessages)?

    /// How long a connection may take before the server counts as unreachable.
    static let connectTimeout: Duration = .seconds(10)

    /// The driver's own log: its warnings and errors (it reports every failed connection at `info`).
    public static var driverLogger: Logger {
        var logger = Logger(label: "alumni.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Connects to `location`, checks the server answers, runs `body`, and closes the pool.
    public static func withStore<T: Sendable>(
        _ location: PostgresLocation, connections: Int = 4, clock: any WallClock = SystemClock(),
        requesterMessages: (any RequesterMessages)? = nil, logger: Logger = driverLogger,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        var configuration = try location.clientConfiguration(connections: connections)
        configuration.options.connectTimeout = connectTimeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let store = PostgresStore(
            location: location, client: client, logger: logger, clock: clock, requesterMessages: requesterMessages)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await store.checkReachable()
            do {
                return try await body(store)
            } catch {
                throw store.translated(error)
            }
        }
    }

    /// Fails with the server's own reason (a wrong password, no such database, nobody
    /// listening) when a first connection cannot be made, rather than let the pool retry.
    private func checkReachable() async throws {
        do {
            var configuration = try location.connectionConfiguration()
            configuration.options.connectTimeout = .seconds(Int64(Self.connectTimeout.components.seconds))
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            throw failure(error)
        }
    }

    /// `error` as the caller should see it: a failed transaction as what failed in it, the
    /// driver's errors as the store's own.
    func translated(_ error: any Error) -> any Error {
        if let failed = error as? PostgresTransactionError,
            let cause = failed.closureError ?? failed.beginError ?? failed.commitError ?? failed.rollbackError
        {
            return translated(cause)
        }
        if let error = error as? PSQLError { return failure(error) }
        return error
    }

    /// `error` as the store's own, with what the server said and never a password: a statement
    /// the server refused, or a connection that could not be made.
    func failure(_ error: PSQLError) -> StoreError {
        // A transaction PostgreSQL ended to break a deadlock, or that lost a serialization
        // conflict, changed nothing: it is to be tried again, as SQLite's busy database is.
        if let state = error.serverInfo?[.sqlState], state == "40P01" || state == "40001" { return .busy }
        if let message = error.serverInfo?[.message] {
            let context = [error.serverInfo?[.detail], error.serverInfo?[.locationContext]].compactMap { $0 }
            let connecting = error.serverInfo?[.sqlState].map { $0.hasPrefix("28") || $0.hasPrefix("3D") } ?? false
            return (connecting ? StoreError.databaseLocation : StoreError.refused)(
                "\(location): \(message)" + (context.isEmpty ? "" : " (\(context.joined(separator: "; ")))"))
        }
        if let underlying = error.underlying {
            return .databaseLocation("\(location): \(underlying)")
        }
        return .databaseLocation("\(location): \(error.code)")
    }

    /// Runs `body` in a transaction on one connection, committed when it returns, rolled back
    /// when it throws, whose error (the store's own, or the server's translated) is thrown as it is.
    /// The request's ``IdempotencyClaim``, if it has one not recorded yet, is recorded in it.
    func transaction<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> sending T
    ) async throws -> sending T {
        try await transaction(recording: IdempotencyClaim.current.flatMap { $0.isRecorded ? nil : $0 }, body)
    }

    /// Runs `body` in one read-only snapshot, as SQLite's read transaction gives.
    func snapshot<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: (PostgresConnection) async throws -> sending T
    ) async throws -> sending T {
        try await transaction(recording: nil) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            return try await body(connection)
        }
    }

    private func transaction<T: Sendable>(
        recording claim: IdempotencyClaim?, isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending T
    ) async throws -> sending T {
        do {
            let result = try await client.withTransaction(logger: logger, isolation: isolation) { connection in
                if let claim { try await record(claim, on: connection) }
                return try await body(connection)
            }
            claim?.markRecorded()
            return result
        } catch {
            throw translated(error)
        }
    }

    /// One round trip to the server (`SELECT 1`): whether it answers, and the floor of any read's cost.
    public func ping() async throws {
        try await execute("SELECT 1")
    }

    /// Runs `sql` with no result wanted.
    func execute(_ query: PostgresQuery) async throws {
        try await client.query(query, logger: logger)
    }

    /// The single integer `query` answers (nil for no row or NULL).
    func integer(_ query: PostgresQuery) async throws -> Int64? {
        for try await value in try await client.query(query, logger: logger).decode(Int64?.self) {
            return value
        }
        return nil
    }
}
