import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL database named by a URL in libpq's URI form,
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=…`, with the password kept out of
/// every description.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted: libpq's `sslmode`, of which these three are supported.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS (loopback, a private network).
        case disable
        /// TLS, without checking the server's certificate.
        case require
        /// TLS, and the certificate must be signed by `sslrootcert` (else the system's roots) and
        /// name the host.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    /// Nil when the server needs none (trust or peer authentication).
    public var password: String?
    public var tls: TLSMode
    /// The certificate authorities `verify-full` trusts, a PEM file.
    public var rootCertificatePath: String?
    /// A folder holding the server's socket, from `?host=/path`, instead of `host` and `port`.
    public var socketFolder: String?

    /// True when `text` is a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses `url`; the password comes from the URL, else `ALUMNI_DB_PASSWORD`, else the file
    /// `ALUMNI_DB_PASSWORD_FILE` names (its first line).
    public init(url: String, environment: [String: String]) throws {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw StoreError.databaseLocation("--db: '\(Self.redacted(url))' is not a postgres:// URL")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let known: Set = ["sslmode", "sslrootcert", "host", "port", "user", "password", "dbname", "application_name"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError.databaseLocation("--db: the URL parameter '\(unknown)' is not supported")
        }
        let socket = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host =
            query["host"].flatMap { $0.hasPrefix("/") ? nil : $0 } ?? components.host.flatMap { $0.isEmpty ? nil : $0 }
            ?? "localhost"
        socketFolder = socket
        if let text = query["port"] {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw StoreError.databaseLocation("--db: the port '\(text)' is not a port number")
            }
            port = number
        } else {
            port = components.port ?? 5432
        }
        guard let user = query["user"] ?? components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty
        else {
            throw StoreError.databaseLocation("--db: the URL names no user (postgres://USER@HOST/DATABASE)")
        }
        self.user = user
        let path = String(components.percentEncodedPath.dropFirst()).removingPercentEncoding ?? ""
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        password =
            try query["password"] ?? components.percentEncodedPassword?.removingPercentEncoding
            ?? environment["ALUMNI_DB_PASSWORD"] ?? Self.passwordFile(environment["ALUMNI_DB_PASSWORD_FILE"])
        let mode = query["sslmode"] ?? "disable"
        guard let tls = TLSMode(rawValue: mode) else {
            throw StoreError.databaseLocation(
                "--db: sslmode '\(mode)' is not supported; use "
                    + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.tls = tls
        rootCertificatePath = query["sslrootcert"]
        if rootCertificatePath != nil, tls != .verifyFull {
            throw StoreError.databaseLocation("--db: sslrootcert is only used with sslmode=verify-full")
        }
    }

    private static func passwordFile(_ path: String?) throws -> String? {
        guard let path else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.databaseLocation("ALUMNI_DB_PASSWORD_FILE: cannot read \(path)")
        }
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }

    /// The URL without the password.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.host = host
        components.port = port
        components.path = "/" + database
        var items: [URLQueryItem] = []
        if let socketFolder { items.append(URLQueryItem(name: "host", value: socketFolder)) }
        if tls != .disable { items.append(URLQueryItem(name: "sslmode", value: tls.rawValue)) }
        if let rootCertificatePath { items.append(URLQueryItem(name: "sslrootcert", value: rootCertificatePath)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// `text` with any password in it replaced, for an error message about it.
    static func redacted(_ text: String) -> String {
        text.replacing(/:\/\/([^:@\/]*):[^@\/]*@/, with: { "://\($0.1):***@" })
    }

    /// The client's settings: this location, its TLS, and at most `connections` connections.
    func clientConfiguration(connections: Int) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database,
                tls: try tlsSettings().map { .require($0) } ?? .disable)
        }
        configuration.options.maximumConnections = connections
        return configuration
    }

    /// The settings of a single connection outside the pool, which fails at once with the
    /// server's reason where the pool would keep trying.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketFolder {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: try tlsSettings().map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable)
    }

    /// TLS as `sslmode` asks for it; nil for none.
    private func tlsSettings() throws -> TLSConfiguration? {
        switch tls {
        case .disable:
            return nil
        case .require:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            return settings
        case .verifyFull:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .fullVerification
            if let rootCertificatePath {
                guard FileManager.default.isReadableFile(atPath: rootCertificatePath) else {
                    throw StoreError.databaseLocation("--db: sslrootcert \(rootCertificatePath) cannot be read")
                }
                settings.trustRoots = .file(rootCertificatePath)
            }
            return settings
        }
    }
}
