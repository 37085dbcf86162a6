import AlumniCore
import AlumniSettings
import AlumniStore
import AlumniWeb
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
    /// Who may read `/metrics`.
    public var metrics = MetricsAccess.loopback
    /// Seconds an API write waits for a lock another process holds before it answers 503.
    public var busyTimeoutSeconds = 2.0
    /// Connections `alumni serve` keeps to a PostgreSQL database: one holds the serving lock, one
    /// listens for queued mail, one holds a scheduled job's lock while it runs; the rest serve.
    public var databaseConnections = 8
    /// The staff desk's sessions and pages.
    public var desk = DeskSettings()
    /// The daily backup, when a folder is set.
    public var backups: BackupSchedule?
    /// When the daily retention run happens; nil: not in the server (cron runs `retention run`).
    public var retentionTime: DailyTime?

    /// Who may read `/metrics`: the counts say how busy the desk is and how many cases are late.
    public enum MetricsAccess: Equatable, Sendable {
        /// Nobody: 404.
        case off
        /// Clients on this machine (a scraper beside the server, or behind a proxy on it).
        case loopback
        /// Whoever sends `Authorization: Bearer TOKEN`.
        case token(String)
        /// Everyone.
        case open
    }

    public init() {}

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Settings from `reader`, checked; an error names the setting.
    public static func load(_ reader: SettingsReader) throws -> ServerSettings {
        var settings = ServerSettings()
        if let host = reader.string("host") { settings.host = host }
        if let port = try reader.value(
            "port", expected: "a port number from 1 to 65535",
            { text in
                Int(text).flatMap { (1...65535).contains($0) ? $0 : nil }
            })
        {
            settings.port = port
        }
        if let level = try reader.value(
            "log_level", expected: logLevels.joined(separator: ", "),
            { text in
                logLevels.contains(text) ? text : nil
            })
        {
            settings.logLevel = level
        }
        if let seconds = try reader.value(
            "alert_scan_seconds", expected: "0 (off) or more seconds",
            { text in
                Int(text).flatMap { $0 >= 0 ? $0 : nil }
            })
        {
            settings.alertScanSeconds = seconds
        }
        settings.metrics = try metricsAccess(reader)
        if let seconds = try reader.value(
            "api_busy_timeout_seconds", expected: "seconds, from 0.1 to 60",
            { text in
                Double(text).flatMap { (0.1...60).contains($0) ? $0 : nil }
            })
        {
            settings.busyTimeoutSeconds = seconds
        }
        if let connections = try reader.value(
            "db_connections", expected: "a number of connections from 4 to 200",
            { text in
                Int(text).flatMap { (4...200).contains($0) ? $0 : nil }
            })
        {
            settings.databaseConnections = connections
        }
        try loadDesk(reader, into: &settings.desk)
        settings.backups = try backupSchedule(reader)
        settings.retentionTime = try reader.value(
            "retention_time", expected: "a time of day like 02:00", DailyTime.init)
        return settings
    }

    private static func loadDesk(_ reader: SettingsReader, into desk: inout DeskSettings) throws {
        func hours(_ key: String) throws -> TimeInterval? {
            try reader.value(
                key, expected: "hours, from 0.1 to 720",
                { text in
                    Double(text).flatMap { (0.1...720).contains($0) ? $0 * 3600 : nil }
                })
        }
        if let idle = try hours("session_idle_hours") { desk.sessions.idleTimeout = idle }
        if let absolute = try hours("session_absolute_hours") { desk.sessions.absoluteTimeout = absolute }
        guard desk.sessions.idleTimeout <= desk.sessions.absoluteTimeout else {
            throw SettingsError(key: "session_idle_hours", expected: "no more than session_absolute_hours")
        }
        desk.secureCookies = reader.string("public_url")?.lowercased().hasPrefix("https://") ?? false
        if let url = reader.string("public_url"), !url.isEmpty {
            desk.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let hours = try reader.value(
            "calendar_reminder_hours", expected: "business hours, from 0 to 240",
            { text in Int(text).flatMap { (0...240).contains($0) ? $0 : nil } })
        {
            desk.calendarReminderBusinessHours = hours
        }
        if let target = try reader.value(
            "report_on_time_target", expected: "a percentage, from 1 to 100",
            { text in Int(text).flatMap { (1...100).contains($0) ? $0 : nil } })
        {
            desk.onTimeTargetPercent = target
        }
        for (key, limit) in [
            ("portal_link_requests_per_address", \PortalPolicy.requestsPerAddress),
            ("portal_link_requests_per_client", \PortalPolicy.requestsPerClient),
        ] {
            if let number = try reader.value(
                key, expected: "requests an hour, from 1 to 100000",
                { text in Int(text).flatMap { (1...100_000).contains($0) ? $0 : nil } })
            {
                desk.portal[keyPath: limit] = number
            }
        }
    }

    private static func backupSchedule(_ reader: SettingsReader) throws -> BackupSchedule? {
        guard let folder = reader.string("backup_dir"), !folder.isEmpty else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SettingsError(key: "backup_dir", expected: "an existing folder")
        }
        let time =
            try reader.value("backup_time", expected: "a time of day like 03:00", DailyTime.init)
            ?? DailyTime(minuteOfDay: 3 * 60)
        let keep =
            try reader.value("backup_keep", expected: "1 or more", { Int($0).flatMap { $0 >= 1 ? $0 : nil } }) ?? 7
        return BackupSchedule(folder: folder, time: time, keep: keep)
    }

    private static func metricsAccess(_ reader: SettingsReader) throws -> MetricsAccess {
        let token = reader.string("metrics_token").flatMap { $0.isEmpty ? nil : $0 }
        switch reader.string("metrics") ?? (token == nil ? "loopback" : "token") {
        case "off": return .off
        case "loopback": return .loopback
        case "open": return .open
        case "token":
            guard let token else {
                throw SettingsError(key: "metrics_token", expected: "required with metrics = token")
            }
            return .token(token)
        default: throw SettingsError(key: "metrics", expected: "off, loopback, token or open")
        }
    }
}
