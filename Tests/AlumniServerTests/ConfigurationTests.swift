import AlumniMail
import AlumniServer
import Foundation
import Testing

@Suite struct ConfigurationTests {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-\(UUID().uuidString).conf")
            .path
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
        let merged = try ConfigurationFile.merged(file: path, environment: ["ALUMNI_PORT": "7070"])
        let server = try ServerSettings.load(environment: merged)
        #expect(server.port == 7070)
        #expect(server.host == "0.0.0.0")
        let mail = try MailSettings.load(environment: merged)
        #expect(mail.transport == .sendmail)
        #expect(mail.teamEmail == "team@example.com")
        #expect(mail.alerts.hours == nil)
    }

    @Test func aBadLineOrValueNamesWhereItIs() throws {
        let unknown = try file("port = 9090\nshoe_size = 44\n")
        let error = #expect(throws: SettingsError.self) {
            try ConfigurationFile.merged(file: unknown, environment: [:])
        }
        #expect(error?.description.contains("line 2") == true)
        #expect(throws: SettingsError.self) { try ServerSettings.load(environment: ["ALUMNI_PORT": "99999"]) }
        #expect(throws: TransportError.self) { try MailSettings.load(environment: ["ALUMNI_ALERT_HOURS": "late"]) }
        #expect(throws: TransportError.self) {
            try MailSettings.load(environment: ["ALUMNI_MAIL_TRANSPORT": "webhook"])
        }
    }
}
