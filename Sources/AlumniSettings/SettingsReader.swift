import Configuration
import Foundation

/// Where every setting comes from: `ALUMNI_…` environment variables over a configuration
/// file over the defaults, through swift-configuration's `ConfigReader`.
///
/// A setting's key is its environment variable's name without `ALUMNI_`, in lower case:
/// `ALUMNI_MAIL_TRANSPORT` is `mail_transport` in the file. Keys that end in `password`,
/// `secret` or `token` are secrets: swift-configuration redacts them wherever it reports values.
public struct SettingsReader: Sendable {
    /// The reader, for libraries that take one (Hummingbird's own settings).
    public let config: ConfigReader

    /// Settings from the environment over `file` (nil: the environment alone); `reporter` hears
    /// every read, secrets redacted.
    public init(file: String?, environment: [String: String], reporter: (any AccessReporter)? = nil) throws {
        let variables = EnvironmentVariablesProvider(
            environmentVariables: environment,
            secretsSpecifier: .dynamic { name, _ in Self.isSecret(name.lowercased()) })
        // The reader asks for `mail_transport`; the environment holds `ALUMNI_MAIL_TRANSPORT`.
        let prefixed = KeyMappingProvider(upstream: variables) { key in key.prepending(["alumni"]) }
        let values = try file.map { try SettingsFile.values(at: $0) } ?? [:]
        config = ConfigReader(
            providers: [prefixed, InMemoryProvider(name: file ?? "defaults", values: values)], accessReporter: reporter)
    }

    /// The text of `key` (`port`, `smtp_password`), nil when it is set nowhere.
    public func string(_ key: String) -> String? {
        config.string(forKey: ConfigKey([key]), isSecret: Self.isSecret(key))
    }

    /// The value of `key` made by `parse`; nil when unset. A value `parse` refuses (it returns
    /// nil) is an error naming the key and, in `expected`, what it takes.
    public func value<Value>(_ key: String, expected: String, _ parse: (String) -> Value?) throws -> Value? {
        guard let text = string(key) else { return nil }
        guard let value = parse(text) else { throw SettingsError(key: key, expected: expected) }
        return value
    }

    /// `ALUMNI_PORT` for `port`: the name errors and documentation use.
    public static func environmentName(_ key: String) -> String { "ALUMNI_" + key.uppercased() }

    static func isSecret(_ key: String) -> Bool {
        key.hasSuffix("password") || key.hasSuffix("secret") || key.hasSuffix("token")
    }
}

/// A setting that cannot be used, naming it as the environment variable and file key.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// `ALUMNI_SMTP_PORT (smtp_port): a port number from 1 to 65535`.
    public init(key: String, expected: String) {
        self.init("\(SettingsReader.environmentName(key)) (\(key)): \(expected)")
    }
}
