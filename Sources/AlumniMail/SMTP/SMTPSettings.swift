import Foundation
import NIOCore

/// Where and how the `smtp` transport connects, from `ALUMNI_SMTP_…` settings.
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

    /// The settings' environment variables (and, lower case without `ALUMNI_`, configuration file keys).
    public static let keys = [
        "ALUMNI_SMTP_HOST", "ALUMNI_SMTP_PORT", "ALUMNI_SMTP_SECURITY", "ALUMNI_SMTP_USERNAME", "ALUMNI_SMTP_PASSWORD",
        "ALUMNI_SMTP_PASSWORD_FILE", "ALUMNI_SMTP_CONNECTIONS", "ALUMNI_SMTP_HELO", "ALUMNI_SMTP_CA_FILE",
        "ALUMNI_SMTP_TIMEOUT_SECONDS",
    ]

    /// Settings from `environment`, checked; errors name the key.
    public static func load(environment: [String: String]) throws -> SMTPSettings {
        var settings = SMTPSettings()
        func fail(_ key: String, _ reason: String) -> TransportError { TransportError("\(key): \(reason)") }
        if let value = environment["ALUMNI_SMTP_SECURITY"] {
            guard let security = Security(rawValue: value) else {
                throw fail("ALUMNI_SMTP_SECURITY", "starttls, tls or none")
            }
            settings.security = security
        }
        settings.port = settings.security == .tls ? 465 : 587
        if let value = environment["ALUMNI_SMTP_HOST"] {
            guard !value.isEmpty, !value.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw fail("ALUMNI_SMTP_HOST", "'\(value)' is not a host name or address")
            }
            settings.host = value
        }
        if let value = environment["ALUMNI_SMTP_PORT"] {
            guard let port = Int(value), (1...65535).contains(port) else {
                throw fail("ALUMNI_SMTP_PORT", "a port number from 1 to 65535")
            }
            settings.port = port
        }
        if let value = environment["ALUMNI_SMTP_CONNECTIONS"] {
            guard let count = Int(value), (1...64).contains(count) else {
                throw fail("ALUMNI_SMTP_CONNECTIONS", "a number of connections from 1 to 64")
            }
            settings.connections = count
        }
        if let value = environment["ALUMNI_SMTP_HELO"] {
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw fail("ALUMNI_SMTP_HELO", "a host name without spaces")
            }
            settings.helo = value
        }
        if let value = environment["ALUMNI_SMTP_USERNAME"], !value.isEmpty { settings.username = value }
        settings.password = try password(environment)
        if (settings.username == nil) != (settings.password == nil) {
            throw fail(
                settings.username == nil ? "ALUMNI_SMTP_USERNAME" : "ALUMNI_SMTP_PASSWORD",
                "a user name and a password go together")
        }
        if let value = environment["ALUMNI_SMTP_CA_FILE"] {
            guard FileManager.default.isReadableFile(atPath: value) else {
                throw fail("ALUMNI_SMTP_CA_FILE", "cannot read '\(value)'")
            }
            settings.caFile = value
        }
        if let value = environment["ALUMNI_SMTP_TIMEOUT_SECONDS"] {
            guard let seconds = Int(value), seconds >= 1 else {
                throw fail("ALUMNI_SMTP_TIMEOUT_SECONDS", "a number of seconds, at least 1")
            }
            settings.timeouts = .uniform(.seconds(Int64(seconds)))
        }
        if settings.security == .none, !isLoopback(settings.host) {
            throw fail("ALUMNI_SMTP_SECURITY", "none is only allowed for a relay on this machine, not \(settings.host)")
        }
        return settings
    }

    private static func password(_ environment: [String: String]) throws -> String? {
        if let value = environment["ALUMNI_SMTP_PASSWORD"], !value.isEmpty { return value }
        guard let file = environment["ALUMNI_SMTP_PASSWORD_FILE"] else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw TransportError("ALUMNI_SMTP_PASSWORD_FILE: cannot read '\(file)'")
        }
        let password = text.trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw TransportError("ALUMNI_SMTP_PASSWORD_FILE: '\(file)' is empty") }
        return password
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
