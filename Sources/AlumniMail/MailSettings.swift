import AlumniCore
import AlumniSettings
import Foundation

/// How messages leave and where alerts go, from the `ALUMNI_…` settings (docs/operations.md).
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
    /// Days an unsubscribe link keeps working.
    public var linkExpiryDays = 180
    /// Days a preference-page link keeps working.
    public var preferenceLinkDays = 7
    /// A folder of the organisation's own message templates, read before the shipped ones.
    public var templatesDirectory: String?
    /// The domain of per-message return paths (`bounces+…@domain`); nil sends every message
    /// with the `mail_from` address as its return path.
    public var bounceDomain: String?
    /// The largest message `alumni mail receive` stores.
    public var inboundMaxBytes = 25 * 1024 * 1024

    public init() {}

    /// Settings from `environment` alone (tests, and callers without a configuration file).
    public static func load(environment: [String: String]) throws -> MailSettings {
        try load(SettingsReader(file: nil, environment: environment))
    }

    /// Settings from `reader`, checked; an error names the setting. The relay's settings are
    /// read only for the smtp transport.
    public static func load(_ reader: SettingsReader) throws -> MailSettings {
        var settings = MailSettings()
        if let kind = try reader.value(
            "mail_transport", expected: "smtp, sendmail, webhook or file", TransportKind.init)
        {
            settings.transport = kind
        }
        if let value = reader.string("sendmail_path") { settings.sendmailPath = value }
        if let value = reader.string("mail_dir") { settings.mailDirectory = value }
        if let address = try reader.value(
            "mail_from", expected: "an email address", { EmailAddress.isValid($0) ? $0 : nil })
        {
            settings.from = Mailbox(name: "Alumni Desk", address: address)
        }
        settings.webhookURL = try reader.value("webhook_url", expected: "an http(s) URL") { text in
            URL(string: text).flatMap { $0.scheme?.hasPrefix("http") == true ? $0 : nil }
        }
        if let value = reader.string("webhook_secret") { settings.webhookSecret = value }
        if let value = reader.string("team_email") { settings.teamEmail = value }
        if let value = reader.string("escalation_email") { settings.escalationEmail = value }
        if let value = reader.string("public_url") { settings.publicURL = value }
        if let hours = try reader.value("alert_hours", expected: "like 08:00-17:00, or always", AlertPolicy.parseHours)
        {
            settings.alerts.hours = hours
        }
        let days = { (text: String) in Int(text).flatMap { $0 >= 0 ? $0 : nil } }
        if let value = try reader.value("escalate_after_days", expected: "a number of business days", days) {
            settings.alerts.escalateAfterBusinessDays = value
        }
        if let value = try reader.value("alert_lead_days", expected: "a number of business days", days) {
            settings.alerts.leadBusinessDays = value
        }
        let positive = { (text: String) in Int(text).flatMap { $0 >= 1 ? $0 : nil } }
        if let value = try reader.value("max_attempts", expected: "at least 1", positive) {
            settings.maxAttempts = value
        }
        if let value = try reader.value("link_expiry_days", expected: "at least 1 day", positive) {
            settings.linkExpiryDays = value
        }
        if let value = try reader.value("preference_link_days", expected: "at least 1 day", positive) {
            settings.preferenceLinkDays = value
        }
        settings.templatesDirectory = try reader.value("templates_dir", expected: "a folder") { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
                ? path : nil
        }
        settings.bounceDomain = try reader.value("bounce_domain", expected: "a domain like bounces.example.com") {
            EmailAddress.isValid("bounces@\($0)") ? $0.lowercased() : nil
        }
        if let megabytes = try reader.value(
            "inbound_max_mb", expected: "a number of megabytes (1-1000)",
            {
                Int($0).flatMap { (1...1000).contains($0) ? $0 : nil }
            })
        {
            settings.inboundMaxBytes = megabytes * 1024 * 1024
        }
        if settings.transport == .smtp { settings.smtp = try SMTPSettings.load(reader) }
        if settings.transport == .webhook, settings.webhookURL == nil {
            throw SettingsError(key: "webhook_url", expected: "required with mail_transport = webhook")
        }
        return settings
    }

    /// Signed links on the public address, with the database's `key`.
    public func links(key: Data) -> LinkBuilder {
        LinkBuilder(
            publicURL: publicURL, key: key, lifetimeDays: linkExpiryDays, preferenceLifetimeDays: preferenceLinkDays)
    }

    /// VERP return paths signed with the database's `key`, when a bounce domain is set.
    public func bounceAddresses(key: Data) -> BounceAddresses? {
        bounceDomain.map { BounceAddresses(domain: $0, key: key) }
    }

    /// The transport these settings describe; `bounceKey` (the database's) gives each message
    /// its own return path when a bounce domain is set.
    public func makeTransport(bounceKey: Data? = nil) throws -> any MailTransport {
        let returnPath = ReturnPath(fixed: from.address, bounces: bounceKey.flatMap(bounceAddresses))
        return switch transport {
        case .smtp: try SMTPTransport(settings: smtp, returnPath: returnPath)
        case .sendmail: SendmailTransport(path: sendmailPath, returnPath: returnPath)
        case .file: FileTransport(directory: URL(fileURLWithPath: mailDirectory))
        case .webhook: WebhookTransport(url: webhookURL!, secret: webhookSecret)
        }
    }
}
