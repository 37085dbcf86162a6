import Foundation

/// Where the database is: a file (SQLite, the embedded default) or a PostgreSQL server, as
/// `--db` and `ALUMNI_DB` name it.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// `text` is a `postgres://` or `postgresql://` URL, else a file path. A URL's password
    /// comes from the URL, else `ALUMNI_DB_PASSWORD`, else the file `ALUMNI_DB_PASSWORD_FILE`
    /// names, in `environment`.
    public init(_ text: String, environment: [String: String]) throws {
        if PostgresLocation.isURL(text) {
            self = .postgres(try PostgresLocation(url: text, environment: environment))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The file path or the URL, without a password: safe for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// The store's name as people know it.
    public var storeName: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}
