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
            abstract: "Run the HTTP API on the database.",
            discussion: """
                Settings come from --config FILE (a JSON object, or key = value lines), then ALUMNI_HOST, ALUMNI_PORT and \
                ALUMNI_LOG_LEVEL, then these flags (see docs/configuration.md). SIGTERM or SIGINT stop it gracefully: \
                requests in flight finish and the database is closed.
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
            let logger = Logger(label: "alumni.server")
            // Held while the server runs: `alumni restore` refuses to swap the database under it.
            let serving = try ServerLock.serving(store.databasePath)
            defer { withExtendedLifetime(serving) {} }
            let database = try store.open(mail: mail, busyTimeout: settings.busyTimeoutSeconds)
            // An import killed part-way is undone before anyone reads its half.
            try database.undoAbandonedImports()
            if demo { try seedDemo(database, mailFolder: mail.transport == .file ? mail.mailDirectory : nil) }
            let notifications = BackgroundJobs(database: database, settings: mail, logger: logger)
            let app = try buildApplication(
                settings: settings, database: database, notifications: notifications, logger: logger)
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            try database.close()
            logger.info("stopped; database closed")
        }

        private func seedDemo(_ database: AlumniDatabase, mailFolder: String?) throws {
            let address = "http://\(host ?? "127.0.0.1"):\(port ?? 8080)"
            let demo = Caller.system("demo")
            guard try database.people(matching: PersonQuery(), as: demo).total == 0 else {
                Output.note(
                    "The database holds data already: no demo added. Desk: \(address)/ — sign in with the password "
                        + "printed the first time, or set one with: alumni users password demo-admin")
                return
            }
            try database.seedDemo(count: 200, seed: 1, today: CalendarDate.today(), actor: demo)
            try database.seedDemoInquiries(count: 400, seed: 1, actor: demo)
            try DemoMail.receive(into: database)
            // One password for the three demo accounts, new for every demo database.
            let password = String(APITokens.random().prefix(16))
            for role in [StaffRole.admin, .hr, .coordinator] {
                let name = "demo-\(role.rawValue)"
                _ = try database.addUser(name: name, email: "\(name)@example.com", role: role, actor: demo)
                try database.setPassword(name: name, password: password, actor: demo)
            }
            Output.note(
                "Desk: \(address)/ — sign in as demo-admin (or demo-hr, demo-coordinator) with password \(password)")
            if let alumnus = try database.demoPortalPerson() {
                Output.note(
                    "Portal for former employees and customers: \(address)/my/ — try it as \(alumnus.email) "
                        + "(\(alumnus.language.nativeName)); the sign-in link arrives by e-mail"
                        + (mailFolder.map { ", written to the folder \($0)/ with these mail settings" } ?? ""))
            }
            let token = APITokens.generate()
            _ = try database.addToken(
                user: "demo-admin", tokenHash: APITokens.hash(token), expiresAt: nil, actor: demo)
            Output.note("Demo data added. Admin token (shown once): \(token)")
            Output.note(
                "Try: curl -H 'Authorization: Bearer \(token)' \(address)/api/v1/inquiries?overdue=true"
            )
        }
    }
}
