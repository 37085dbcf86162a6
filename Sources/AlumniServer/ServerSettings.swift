import Foundation

/// Where and how the server runs. Read from defaults, then a configuration file, then
/// environment variables; command-line flags override all (see docs/configuration.md).
public struct ServerSettings: Equatable, Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var logLevel = "info"
    /// Seconds between alert scans in the background; 0 turns background scans and delivery off
    /// (for load tests, or when cron runs `alerts run` and `outbox deliver`).
    public var alertScanSeconds = 60

    public init() {}

    /// The settings keys, in the configuration file and as `ALUMNI_` environment variables.
    public enum Key: String, CaseIterable, Sendable {
        case host, port
        case logLevel = "log_level"
        case alertScanSeconds = "alert_scan_seconds"

        /// `ALUMNI_HOST`, `ALUMNI_PORT`, `ALUMNI_LOG_LEVEL`.
        public var environmentName: String { "ALUMNI_" + rawValue.uppercased() }
    }

    /// Settings from the environment (merged with a configuration file by ``ConfigurationFile``).
    public static func load(environment: [String: String]) throws -> ServerSettings {
        var settings = ServerSettings()
        for key in Key.allCases {
            if let value = environment[key.environmentName] {
                try settings.set(key, value, source: key.environmentName)
            }
        }
        return settings
    }

    mutating func set(_ key: Key, _ value: String, source: String) throws {
        switch key {
        case .host: host = value
        case .port:
            guard let port = Int(value), (1...65535).contains(port) else {
                throw SettingsError("\(source): port must be 1–65535")
            }
            self.port = port
        case .logLevel:
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(value) else {
                throw SettingsError(
                    "\(source): log_level must be trace, debug, info, notice, warning, error or critical")
            }
            logLevel = value
        case .alertScanSeconds:
            guard let seconds = Int(value), seconds >= 0 else {
                throw SettingsError("\(source): alert_scan_seconds must be 0 (off) or more")
            }
            alertScanSeconds = seconds
        }
    }
}

/// A setting that cannot be used, with where it came from.
public struct SettingsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
