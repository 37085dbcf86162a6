import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `alumni serve --demo` started as a user would, on a free loopback port, answering `/health`.
struct RunningServer {
    let process: Process
    let port: Int
    /// Where the server's log goes (standard output) and what it prints for the operator (standard error).
    let output: URL
    let errors: URL

    /// Starts the server on `database` (default: the test's SQLite file) with `environment` added.
    static func start(
        _ alumni: AlumniBinary, database: String? = nil, environment: [String: String] = [:]
    ) async throws -> RunningServer {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = AlumniBinary.executable
            process.arguments = ["serve", "--demo", "--port", String(port), "--db", database ?? alumni.database]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            let output = alumni.folder.appendingPathComponent("serve-\(port).out")
            let errors = alumni.folder.appendingPathComponent("serve-\(port).err")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            let server = RunningServer(process: process, port: port, output: output, errors: errors)
            for _ in 0..<300 where process.isRunning {
                if (try? await server.send("/health").status) == 200 { return server }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning { process.terminate() }
        }
        throw CancellationError()
    }

    /// What the server printed for the operator so far.
    var printed: String { get throws { try String(contentsOf: errors, encoding: .utf8) } }

    /// The server's log so far.
    var log: String { get throws { try String(contentsOf: output, encoding: .utf8) } }

    /// The demo's admin token, from what the server printed.
    var demoToken: String? {
        get throws {
            let printed = try printed
            guard let start = printed.range(of: "ad_") else { return nil }
            return String(printed[start.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        }
    }

    /// One request to the server: its status, headers and body.
    func send(
        _ path: String, method: String = "GET", token: String? = nil, json: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let fields = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) {
            $0["\($1.key)".lowercased()] = "\($1.value)"
        }
        return (http?.statusCode ?? 0, fields, String(decoding: data, as: UTF8.self))
    }

    /// Sends SIGTERM and waits for the server to stop; returns its exit status.
    func stop() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : -1
    }
}
