import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniServer
import AlumniStore
import ArgumentParser
import Foundation
import Hummingbird
import Logging

extension AlumniCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the HTTP API, the desk and the background work on the database.",
            discussion: """
                Settings come from --config FILE (a JSON object, or key = value lines), then ALUMNI_HOST, ALUMNI_PORT and \
                ALUMNI_LOG_LEVEL, then these flags (see docs/configuration.md). SIGTERM or SIGINT stop it gracefully: \
                requests in flight finish and the database is closed. --db takes a file (SQLite) or a postgres:// URL \
                (docs/operations.md).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
        @Option(help: "Port to listen on (default 8080).") var port: Int?
        @Option(help: "A configuration file: a JSON object of settings, or key = value lines.") var config: String?
        @Flag(help: "Fill an empty database with demo data; print how to sign in to the desk and an API token.")
        var demo = false

        func run() async throws {
            let reader = try StoreOptions.settings(file: config)
            var settings = try ServerSettings.load(reader)
            let mail = try MailSettings.load(reader)
            if let host { settings.host = host }
            if let port { settings.port = port }
            let logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = logLevel
                return handler
            }
            var logger = Logger(label: "alumni.server")
            // Every line names the instance, as /health, /metrics and the outbox's claims do.
            logger[metadataKey: "instance"] = "\(OutboxLease.processName)"
            switch try store.location {
            case .sqlite(let path):
                // Held while the server runs: `alumni restore` refuses to swap the database under it.
                let serving = try ServerLock.serving(path)
                defer { withExtendedLifetime(serving) {} }
                let database = try store.open(mail: mail, busyTimeout: settings.busyTimeoutSeconds)
                // An import killed part-way is undone before anyone reads its half.
                try database.undoAbandonedImports()
                if demo { try ServeDemo(address: address, mail: mail).seed(database) }
                try await serve(.sqlite(database), settings: settings, mail: mail, logger: logger)
                try database.close()
            case .postgres(let location):
                let clock = try StoreOptions.clock()
                try await PostgresStore.withStore(
                    location, connections: settings.databaseConnections, clock: clock,
                    requesterMessages: try StoreOptions.requesterMessages(mail: mail, clock: clock)
                ) { postgres in
                    try await postgres.migrate()
                    if demo { try await ServeDemo(address: address, mail: mail).seed(postgres) }
                    try await postgres.whileServing {
                        try await serve(.postgres(postgres), settings: settings, mail: mail, logger: logger)
                    }
                }
            }
            logger.info("stopped; database closed")
        }

        /// The address the server answers at, for the demo's instructions.
        private var address: String { "http://\(host ?? "127.0.0.1"):\(port ?? 8080)" }

        private func serve(_ store: Store, settings: ServerSettings, mail: MailSettings, logger: Logger) async throws {
            let notifications = try await BackgroundJobs.on(store, settings: mail, logger: logger)
            let app = try buildApplication(
                settings: settings, store: store, notifications: notifications, logger: logger)
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        }
    }
}
