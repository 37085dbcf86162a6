import AlumniSettings
import Foundation

/// Where and how the server runs: defaults, then the configuration file, then `ALUMNI_…`
/// environment variables (through ``SettingsReader``); command-line flags override all (see
/// docs/configuration.md).
public struct ServerSettings: Equatable, Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var logLevel = "info"
    /// Seconds between alert scans in the background; 0 turns background scans and delivery off
    /// (for load tests, or when cron runs `alerts run` and `outbox deliver`).
    public var alertScanSeconds = 60

    public init() {}

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Settings from `reader`, checked; an error names the setting.
    public static func load(_ reader: SettingsReader) throws -> ServerSettings {
        var settings = ServerSettings()
        if let host = reader.string("host") { settings.host = host }
        if let port = try reader.value("port", expected: "a port number from 1 to 65535", { text in
            Int(text).flatMap { (1...65535).contains($0) ? $0 : nil }
        }) {
            settings.port = port
        }
        if let level = try reader.value("log_level", expected: logLevels.joined(separator: ", "), { text in
            logLevels.contains(text) ? text : nil
        }) {
            settings.logLevel = level
        }
        if let seconds = try reader.value("alert_scan_seconds", expected: "0 (off) or more seconds", { text in
            Int(text).flatMap { $0 >= 0 ? $0 : nil }
        }) {
            settings.alertScanSeconds = seconds
        }
        return settings
    }
}
