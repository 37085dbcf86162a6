import AlumniMail
import AlumniServer
import AlumniSettings
import AlumniTestSupport
import Configuration
import Foundation
import Synchronization
import Testing

@Suite struct ConfigurationTests {
    private let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("alumni-configuration")
    }

    private func file(_ text: String) throws -> String {
        let path = folder.file("alumni-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theFileSetsServerAndMailKeysAndTheEnvironmentWins() throws {
        let path = try file(
            """
            # the desk
            port = 9090
            host = 0.0.0.0
            mail_transport = sendmail
            team_email = "team@example.com"
            alert_hours = always
            """)
        let reader = try SettingsReader(file: path, environment: ["ALUMNI_PORT": "7070"])
        let server = try ServerSettings.load(reader)
        #expect(server.port == 7070)
        #expect(server.host == "0.0.0.0")
        let mail = try MailSettings.load(reader)
        #expect(mail.transport == .sendmail)
        #expect(mail.teamEmail == "team@example.com")
        #expect(mail.alerts.hours == nil)
    }

    @Test func aJSONFileHoldsTheSameKeys() throws {
        let path = try file(
            #"{"port": 9191, "mail_transport": "smtp", "smtp_host": "relay.example.com", "smtp_username": "desk", "smtp_password": "pw"}"#
        )
        let reader = try SettingsReader(file: path, environment: [:])
        #expect(try ServerSettings.load(reader).port == 9191)
        let mail = try MailSettings.load(reader)
        #expect(mail.smtp.host == "relay.example.com")
        #expect(mail.smtp.password == "pw")
    }

    @Test func aBadLineOrValueNamesWhereItIs() throws {
        let unknown = try file("port = 9090\nshoe_size = 44\n")
        let error = #expect(throws: SettingsError.self) { try SettingsReader(file: unknown, environment: [:]) }
        #expect(error?.description.contains("line 2: unknown key 'shoe_size'") == true)
        let nested = try file(#"{"port": {"number": 1}}"#)
        #expect(throws: SettingsError.self) { try SettingsReader(file: nested, environment: [:]) }
        let port = #expect(throws: SettingsError.self) {
            try ServerSettings.load(SettingsReader(file: nil, environment: ["ALUMNI_PORT": "99999"]))
        }
        #expect(port?.description == "ALUMNI_PORT (port): a port number from 1 to 65535")
        let pool = #expect(throws: SettingsError.self) {
            try ServerSettings.load(SettingsReader(file: nil, environment: ["ALUMNI_DB_CONNECTIONS": "3"]))
        }
        #expect(pool?.description == "ALUMNI_DB_CONNECTIONS (db_connections): a number of connections from 4 to 200")
        #expect(
            try ServerSettings.load(SettingsReader(file: try file("db_connections = 24\n"), environment: [:]))
                .databaseConnections == 24)
        let hours = #expect(throws: SettingsError.self) {
            try MailSettings.load(environment: ["ALUMNI_ALERT_HOURS": "late"])
        }
        #expect(hours?.description == "ALUMNI_ALERT_HOURS (alert_hours): like 08:00-17:00, or always")
        #expect(throws: SettingsError.self) { try MailSettings.load(environment: ["ALUMNI_MAIL_TRANSPORT": "webhook"]) }
    }

    @Test func passwordsAndSecretsAreRedactedWhereverReadsAreReported() throws {
        let heard = HeardReads()
        let path = try file(#"{"webhook_secret": "file-secret-value"}"#)
        let reader = try SettingsReader(
            file: path,
            environment: [
                "ALUMNI_MAIL_TRANSPORT": "smtp", "ALUMNI_SMTP_USERNAME": "desk",
                "ALUMNI_SMTP_PASSWORD": "env-password-value",
            ], reporter: heard)
        let mail = try MailSettings.load(reader)
        #expect(mail.smtp.password == "env-password-value" && mail.webhookSecret == "file-secret-value")
        let reports = heard.events.withLock { $0.joined(separator: "\n") }
        #expect(reports.contains("smtp_password") && reports.contains("webhook_secret"))
        #expect(!reports.contains("env-password-value"))
        #expect(!reports.contains("file-secret-value"))
        #expect(reports.contains("desk"), "other values are reported as they are")
    }
}

/// Every settings read, as swift-configuration reports it.
private final class HeardReads: AccessReporter {
    let events = Mutex<[String]>([])

    func report(_ event: AccessEvent) {
        events.withLock { $0.append(String(describing: event)) }
    }
}
