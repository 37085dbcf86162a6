import AlumniStore
import AlumniTestSupport
import Foundation
import Testing

/// `--db` and `ALUMNI_DB`: a file, or a PostgreSQL URL in libpq's form, its password never shown.
@Suite struct PostgresLocationTests {
    @Test("a path is SQLite; a postgres:// or postgresql:// URL is PostgreSQL, with libpq's defaults")
    func kinds() throws {
        #expect(try DatabaseLocation("alumni.sqlite", environment: [:]) == .sqlite(path: "alumni.sqlite"))
        guard
            case .postgres(let full) = try DatabaseLocation(
                "postgres://alumni@db.internal:5433/desk?sslmode=require", environment: [:])
        else { Issue.record("not PostgreSQL"); return }
        #expect(full.host == "db.internal" && full.port == 5433 && full.user == "alumni" && full.database == "desk")
        #expect(full.tls == .require && full.password == nil)
        let short = try PostgresLocation(url: "postgresql://alumni@localhost", environment: [:])
        #expect(short.port == 5432 && short.database == "alumni" && short.tls == .disable)
        let socket = try PostgresLocation(url: "postgres://alumni@/desk?host=/var/run/postgresql", environment: [:])
        #expect(socket.socketFolder == "/var/run/postgresql" && socket.database == "desk")
    }

    @Test(
        "the password comes from the URL, else ALUMNI_DB_PASSWORD, else ALUMNI_DB_PASSWORD_FILE, and is never described"
    )
    func passwords() throws {
        let folder = try TemporaryFolder("alumni-password")
        let file = folder.file("password")
        try Data("from-file\n".utf8).write(to: file)
        let url = "postgres://alumni@db/desk"
        let environment = ["ALUMNI_DB_PASSWORD": "from-env", "ALUMNI_DB_PASSWORD_FILE": file.path]
        #expect(
            try PostgresLocation(url: "postgres://alumni:in%40url@db/desk", environment: environment).password
                == "in@url")
        #expect(try PostgresLocation(url: url, environment: environment).password == "from-env")
        #expect(
            try PostgresLocation(url: url, environment: ["ALUMNI_DB_PASSWORD_FILE": file.path]).password == "from-file")
        let location = try PostgresLocation(
            url: "postgres://alumni:s3cret@db/desk?sslmode=verify-full", environment: [:])
        #expect(!location.description.contains("s3cret"))
        #expect(location.description == "postgres://alumni@db:5432/desk?sslmode=verify-full")
        #expect(!DatabaseLocation.postgres(location).description.contains("s3cret"))
        #expect(throws: StoreError.databaseLocation("ALUMNI_DB_PASSWORD_FILE: cannot read /nonexistent/password")) {
            try PostgresLocation(url: url, environment: ["ALUMNI_DB_PASSWORD_FILE": "/nonexistent/password"])
        }
    }

    @Test("a mistake in the URL names what is wrong, without the password")
    func mistakes() throws {
        func error(_ url: String) -> String {
            do {
                _ = try PostgresLocation(url: url, environment: [:])
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("postgres://alumni@db/desk?sslmode=prefer").contains("sslmode 'prefer' is not supported"))
        #expect(error("postgres://alumni@db/desk?sslmode=verify-full&sslrootcert=/nonexistent").contains("accepted"))
        #expect(error("postgres://alumni@db/desk?sslrootcert=/ca.pem").contains("only used with sslmode=verify-full"))
        #expect(error("postgres://db/desk").contains("names no user"))
        #expect(error("postgres://alumni@db/desk?port=99999").contains("'99999' is not a port number"))
        #expect(error("postgres://alumni@db/desk?connect_timeout=3").contains("'connect_timeout' is not supported"))
    }
}
