import AlumniCore
import Foundation

/// How messages leave and where alerts go, from `ALUMNI_…` environment variables.
public struct MailSettings: Sendable {
    public enum TransportKind: String, Sendable { case smtp, sendmail, webhook, file }

    public var transport: TransportKind = .file
    /// The relay, for the `smtp` transport.
    public var smtp = SMTPSettings()
    public var sendmailPath = "/usr/sbin/sendmail"
    public var mailDirectory = "outbox-mail"
    public var from = Mailbox(name: "Alumni Desk", address: "alumni-desk@localhost")
    public var webhookURL: URL?
    public var webhookSecret = ""
    public var teamEmail = "alumni-team@localhost"
    public var escalationEmail: String?
    public var publicURL = "http://127.0.0.1:8080"
    public var alerts = AlertPolicy()
    public var maxAttempts = 5
    /// Days an unsubscribe or preference link keeps working.
    public var linkExpiryDays = 180
    /// A folder of the organisation's own message templates, read before the shipped ones.
    public var templatesDirectory: String?

    public init() {}

    /// The environment variables read, for documentation and errors.
    public static let keys = [
        "ALUMNI_MAIL_TRANSPORT", "ALUMNI_SENDMAIL_PATH", "ALUMNI_MAIL_DIR", "ALUMNI_MAIL_FROM", "ALUMNI_WEBHOOK_URL",
        "ALUMNI_WEBHOOK_SECRET", "ALUMNI_TEAM_EMAIL", "ALUMNI_ESCALATION_EMAIL", "ALUMNI_ALERT_HOURS",
        "ALUMNI_ESCALATE_AFTER_DAYS", "ALUMNI_ALERT_LEAD_DAYS", "ALUMNI_MAX_ATTEMPTS", "ALUMNI_PUBLIC_URL",
        "ALUMNI_LINK_EXPIRY_DAYS", "ALUMNI_TEMPLATES_DIR",
    ] + SMTPSettings.keys

    /// Settings from `environment`, checked.
    public static func load(environment: [String: String]) throws -> MailSettings {
        var settings = MailSettings()
        func fail(_ key: String, _ reason: String) -> TransportError { TransportError("\(key): \(reason)") }
        if let value = environment["ALUMNI_MAIL_TRANSPORT"] {
            guard let kind = TransportKind(rawValue: value) else {
                throw fail("ALUMNI_MAIL_TRANSPORT", "smtp, sendmail, webhook or file")
            }
            settings.transport = kind
        }
        if let value = environment["ALUMNI_SENDMAIL_PATH"] { settings.sendmailPath = value }
        if let value = environment["ALUMNI_MAIL_DIR"] { settings.mailDirectory = value }
        if let value = environment["ALUMNI_MAIL_FROM"] {
            guard EmailAddress.isValid(value) else {
                throw fail("ALUMNI_MAIL_FROM", "'\(value)' is not an email address")
            }
            settings.from = Mailbox(name: "Alumni Desk", address: value)
        }
        if let value = environment["ALUMNI_WEBHOOK_URL"] {
            guard let url = URL(string: value), url.scheme?.hasPrefix("http") == true else {
                throw fail("ALUMNI_WEBHOOK_URL", "'\(value)' is not an http(s) URL")
            }
            settings.webhookURL = url
        }
        if let value = environment["ALUMNI_WEBHOOK_SECRET"] { settings.webhookSecret = value }
        if let value = environment["ALUMNI_TEAM_EMAIL"] { settings.teamEmail = value }
        if let value = environment["ALUMNI_ESCALATION_EMAIL"] { settings.escalationEmail = value }
        if let value = environment["ALUMNI_PUBLIC_URL"] { settings.publicURL = value }
        if let value = environment["ALUMNI_ALERT_HOURS"] {
            guard let hours = AlertPolicy.parseHours(value) else {
                throw fail("ALUMNI_ALERT_HOURS", "like 08:00-17:00, or always")
            }
            settings.alerts.hours = hours
        }
        for (key, path) in [
            ("ALUMNI_ESCALATE_AFTER_DAYS", \AlertPolicy.escalateAfterBusinessDays),
            ("ALUMNI_ALERT_LEAD_DAYS", \.leadBusinessDays),
        ] {
            if let value = environment[key] {
                guard let days = Int(value), days >= 0 else { throw fail(key, "a number of business days") }
                settings.alerts[keyPath: path] = days
            }
        }
        if let value = environment["ALUMNI_MAX_ATTEMPTS"] {
            guard let attempts = Int(value), attempts >= 1 else { throw fail("ALUMNI_MAX_ATTEMPTS", "at least 1") }
            settings.maxAttempts = attempts
        }
        if let value = environment["ALUMNI_LINK_EXPIRY_DAYS"] {
            guard let days = Int(value), days >= 1 else { throw fail("ALUMNI_LINK_EXPIRY_DAYS", "at least 1 day") }
            settings.linkExpiryDays = days
        }
        if let value = environment["ALUMNI_TEMPLATES_DIR"] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isFolder), isFolder.boolValue else {
                throw fail("ALUMNI_TEMPLATES_DIR", "'\(value)' is not a folder")
            }
            settings.templatesDirectory = value
        }
        if settings.transport == .smtp { settings.smtp = try SMTPSettings.load(environment: environment) }
        if settings.transport == .webhook, settings.webhookURL == nil {
            throw fail("ALUMNI_WEBHOOK_URL", "is required with ALUMNI_MAIL_TRANSPORT=webhook")
        }
        return settings
    }

    /// Signed links on the public address, with the database's `key`.
    public func links(key: Data) -> LinkBuilder {
        LinkBuilder(publicURL: publicURL, key: key, lifetimeDays: linkExpiryDays)
    }

    /// The transport these settings describe.
    public func makeTransport() throws -> any MailTransport {
        switch transport {
        case .smtp: try SMTPTransport(settings: smtp, returnPath: from.address)
        case .sendmail: SendmailTransport(path: sendmailPath)
        case .file: FileTransport(directory: URL(fileURLWithPath: mailDirectory))
        case .webhook: WebhookTransport(url: webhookURL!, secret: webhookSecret)
        }
    }
}
