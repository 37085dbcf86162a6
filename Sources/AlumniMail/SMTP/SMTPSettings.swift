import AlumniSettings
import Foundation
import NIOCore

/// Where and how the `smtp` transport connects, from the `smtp_…` settings (`ALUMNI_SMTP_…`).
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS before anything else is said; refused when not offered.
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption at all: only to a relay on this machine.
        case none
    }

    public var host = "127.0.0.1"
    public var port = 587
    public var security = Security.starttls
    public var username: String?
    public var password: String?
    /// Connections kept open, and so messages in flight at once.
    public var connections = 4
    /// The name given in EHLO.
    public var helo = "localhost"
    /// PEM certificates to trust instead of the system's (a private CA, a test certificate).
    public var caFile: String?
    public var timeouts = SMTPTimeouts.rfc5321
    /// A connection idle longer than this is checked with NOOP before it carries another message.
    public var idleCheck = TimeAmount.seconds(30)

    public init() {}

    /// Settings from `reader` (`smtp_host` or `ALUMNI_SMTP_HOST`, …), checked; errors name the setting.
    public static func load(_ reader: SettingsReader) throws -> SMTPSettings {
        var settings = SMTPSettings()
        if let security = try reader.value("smtp_security", expected: "starttls, tls or none", Security.init) {
            settings.security = security
        }
        settings.port = settings.security == .tls ? 465 : 587
        if let host = try reader.value(
            "smtp_host", expected: "a host name or address",
            { text in
                text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "/" }) ? nil : text
            })
        {
            settings.host = host
        }
        if let port = try reader.value(
            "smtp_port", expected: "a port number from 1 to 65535",
            { text in
                Int(text).flatMap { (1...65535).contains($0) ? $0 : nil }
            })
        {
            settings.port = port
        }
        if let count = try reader.value(
            "smtp_connections", expected: "a number of connections from 1 to 64",
            { text in
                Int(text).flatMap { (1...64).contains($0) ? $0 : nil }
            })
        {
            settings.connections = count
        }
        if let helo = try reader.value(
            "smtp_helo", expected: "a host name without spaces",
            { text in
                !text.isEmpty && text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) ? text : nil
            })
        {
            settings.helo = helo
        }
        settings.username = reader.string("smtp_username").flatMap { $0.isEmpty ? nil : $0 }
        settings.password = try password(reader)
        if (settings.username == nil) != (settings.password == nil) {
            throw SettingsError(
                key: settings.username == nil ? "smtp_username" : "smtp_password",
                expected: "a user name and a password go together")
        }
        settings.caFile = try reader.value("smtp_ca_file", expected: "a readable file of PEM certificates") { path in
            FileManager.default.isReadableFile(atPath: path) ? path : nil
        }
        if let seconds = try reader.value(
            "smtp_timeout_seconds", expected: "a number of seconds, at least 1",
            { text in
                Int64(text).flatMap { $0 >= 1 ? $0 : nil }
            })
        {
            settings.timeouts = .uniform(.seconds(seconds))
        }
        if settings.security == .none, !isLoopback(settings.host) {
            throw SettingsError(
                key: "smtp_security", expected: "none is only allowed for a relay on this machine, not \(settings.host)"
            )
        }
        return settings
    }

    private static func password(_ reader: SettingsReader) throws -> String? {
        if let password = reader.string("smtp_password"), !password.isEmpty { return password }
        return try reader.value("smtp_password_file", expected: "a readable file holding the password") { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let password = text.trimmingCharacters(in: .newlines)
            return password.isEmpty ? nil : password
        }
    }

    /// The name to send for SNI and to check the certificate against; nil for an address,
    /// which is checked against the certificate's IP addresses instead.
    static func serverName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// Whether `host` names this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// How long each step of a session may take; RFC 5321 §4.5.3.2 gives the defaults.
public struct SMTPTimeouts: Sendable, Equatable {
    public var connect: TimeAmount
    public var greeting: TimeAmount
    /// EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET, NOOP, QUIT.
    public var command: TimeAmount
    public var dataInitiation: TimeAmount
    /// From the message's last byte to the server's answer.
    public var dataTermination: TimeAmount

    public static let rfc5321 = SMTPTimeouts(
        connect: .seconds(30), greeting: .minutes(5), command: .minutes(5), dataInitiation: .minutes(2),
        dataTermination: .minutes(10))

    /// The same limit for every step.
    public static func uniform(_ limit: TimeAmount) -> SMTPTimeouts {
        SMTPTimeouts(
            connect: limit, greeting: limit, command: limit, dataInitiation: limit, dataTermination: limit)
    }
}
