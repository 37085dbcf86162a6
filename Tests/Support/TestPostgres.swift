import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throw-away PostgreSQL cluster for the tests that need one: `initdb` in a temporary folder,
/// started on a random loopback port with a password, stopped and removed when the test process
/// exits. Started the first time a test asks for a database, when PostgreSQL's `initdb` is
/// installed (on Debian: `apt-get install postgresql`); as root, it runs as the `postgres` user.
public enum TestPostgres {
    /// True when the PostgreSQL tests can run, or must (`ALUMNI_REQUIRE_POSTGRES=1`, as in `.ci/run`,
    /// where a missing server is then a failure, not a skip).
    public static let available = binaries != nil || required

    /// Why the PostgreSQL tests were skipped, for the skip's message.
    public static let skipped =
        "PostgreSQL's initdb is not installed, so the PostgreSQL cases were skipped: apt-get install postgresql"

    private static let required = ProcessInfo.processInfo.environment["ALUMNI_REQUIRE_POSTGRES"] == "1"

    /// A new, empty database on the cluster, as a `postgres://` URL with the password in it.
    public static func makeDatabase() throws -> String {
        let cluster = try cluster.get()
        let name = "alumni_test_\(UUID().uuidString.prefix(8).lowercased())"
        try cluster.run("createdb", ["-h", "127.0.0.1", "-p", "\(cluster.port)", "-U", "alumni", name])
        return cluster.url(name)
    }

    /// The cluster's URL for `database` without the password, which then comes from the environment.
    public static func urlWithoutPassword(_ url: String) -> String {
        url.replacing(/:[^:@\/]+@/, with: "@")
    }

    /// The cluster's password, for `ALUMNI_DB_PASSWORD` and its file.
    public static var password: String { get throws { try cluster.get().password } }

    private static let binaries: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let versions =
            (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
            .sorted { $0.localizedStandardCompare($1) == .orderedDescending } ?? []
        let folders = versions.map { "/usr/lib/postgresql/\($0)/bin" } + path.split(separator: ":").map(String.init)
        return folders.map(URL.init(fileURLWithPath:)).first {
            FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path)
                && FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("pg_ctl").path)
        }
    }()

    private static let cluster = Result { try Cluster.start() }

    /// The running cluster.
    private struct Cluster: Sendable {
        let binaries: URL
        let folder: URL
        let port: Int
        let password: String
        /// Runs the cluster's programs as `postgres` when the tests run as root (initdb refuses root).
        let runAs: String?

        func url(_ database: String) -> String {
            "postgres://alumni:\(password)@127.0.0.1:\(port)/\(database)"
        }

        static func start() throws -> Cluster {
            guard let binaries = TestPostgres.binaries else { throw TestPostgresError(TestPostgres.skipped) }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-pg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var runAs: String?
            if geteuid() == 0 {
                guard let user = getpwnam("postgres") else {
                    throw TestPostgresError("the tests run as root and there is no postgres user to run PostgreSQL as")
                }
                chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
                runAs = "postgres"
            }
            let password = UUID().uuidString
            let passwordFile = folder.appendingPathComponent("password")
            try Data(password.utf8).write(to: passwordFile)
            chmod(passwordFile.path, 0o644)
            var cluster = Cluster(binaries: binaries, folder: folder, port: 0, password: password, runAs: runAs)
            let data = folder.appendingPathComponent("data").path
            try cluster.run(
                "initdb",
                [
                    "-D", data, "-U", "alumni", "-E", "UTF8", "--no-sync", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "--pwfile=\(passwordFile.path)",
                ])
            for _ in 0..<5 {
                let port = Int.random(in: 20_000..<60_000)
                let settings =
                    "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(folder.path) -c fsync=off"
                do {
                    try cluster.run(
                        "pg_ctl",
                        ["-D", data, "-l", folder.appendingPathComponent("log").path, "-o", settings, "-w", "start"])
                } catch {
                    continue
                }
                cluster = Cluster(binaries: binaries, folder: folder, port: port, password: password, runAs: runAs)
                stopOnExit = cluster
                atexit {
                    guard let cluster = TestPostgres.stopOnExit else { return }
                    try? cluster.run(
                        "pg_ctl", ["-D", cluster.folder.appendingPathComponent("data").path, "-m", "immediate", "stop"])
                    try? FileManager.default.removeItem(at: cluster.folder)
                }
                return cluster
            }
            throw TestPostgresError("PostgreSQL did not start: see \(folder.appendingPathComponent("log").path)")
        }

        /// Runs one of the cluster's programs and waits for it, its errors in a file beside the
        /// cluster (`posix_spawn` and `waitpid`: Foundation's `Process` can wait forever for a child
        /// that leaves a server running).
        func run(_ program: String, _ arguments: [String]) throws {
            let tool = binaries.appendingPathComponent(program).path
            let command = runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", tool] } ?? [tool]
            let errors = folder.appendingPathComponent("\(program).err").path
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { $1 }
                .map { "\($0.key)=\($0.value)" }
            let argv = (command + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, command[0], &actions, nil, argv, envp) == 0 else {
                throw TestPostgresError("cannot start \(command[0])")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            guard status == 0 else {
                let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
                throw TestPostgresError("\(program) failed: \(said)")
            }
        }
    }

    nonisolated(unsafe) private static var stopOnExit: Cluster?
}

/// Why the test cluster could not be had.
public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
