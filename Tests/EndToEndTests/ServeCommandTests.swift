import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct ServeCommandTests {
    /// Starts `alumni serve --demo` on a free port and waits until it answers.
    private func startServer(_ alumni: AlumniBinary) async throws -> (Process, port: Int, output: URL, errors: URL) {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = AlumniBinary.executable
            process.arguments = ["serve", "--demo", "--port", String(port), "--db", alumni.database]
            let output = alumni.folder.appendingPathComponent("serve-\(port).out")
            let errors = alumni.folder.appendingPathComponent("serve-\(port).err")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            for _ in 0..<100 where process.isRunning {
                if (try? await get(port: port, path: "/health").status) == 200 {
                    return (process, port, output, errors)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning { process.terminate() }
        }
        throw CancellationError()
    }

    private func get(port: Int, path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func theRealBinaryServesTheDemoAndStopsCleanlyOnSIGTERM() async throws {
        let alumni = try AlumniBinary()
        let (process, port, output, errors) = try await startServer(alumni)
        let printed = try String(contentsOf: errors, encoding: .utf8)
        let start = try #require(printed.range(of: "ad_"))
        let token = String(printed[start.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })

        let overdue = try await get(port: port, path: "/api/v1/inquiries?overdue=true&limit=5", token: token)
        #expect(overdue.status == 200)
        #expect(overdue.body.contains("\"total\""))
        #expect(try await get(port: port, path: "/api/v1/people/1").status == 401)

        // Links staff hand out with `alumni prefs link` open the person's pages on this server.
        let links = try alumni.run(
            ["prefs", "link", "1", "--topic", "newsletter"],
            environment: ["ALUMNI_PUBLIC_URL": "http://127.0.0.1:\(port)/"]
        ).stdout.split(separator: "\n").map(String.init)
        #expect(links.count == 2)
        for link in links {
            let path = try #require(link.split(separator: "\(port)", maxSplits: 1).last.map(String.init))
            #expect(try await get(port: port, path: path).status == 200, "\(path)")
        }
        #expect(try alumni.run("audit", "--person", "1").stdout.contains("preferences.link-issued"))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let log = try String(contentsOf: output, encoding: .utf8)
        #expect(log.contains("stopped; database closed"))
        #expect(log.contains("http.route=/api/v1/inquiries"))
        #expect(!log.contains(token))
        let check = try alumni.run("people", "list", "--limit", "1")
        #expect(check.status == 0)
    }

    @Test func backupsAreTakenWhileTheServerRunsAndARestoreWaitsForItToStop() async throws {
        let alumni = try AlumniBinary()
        let (process, port, _, errors) = try await startServer(alumni)
        #expect(try String(contentsOf: errors, encoding: .utf8).contains("sign in as demo-admin"))
        let backups = alumni.folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let backup = try alumni.run(["backup", "--dir", backups.path, "--keep", "2", "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let path = try #require((try AlumniBinary.json(backup.stdout) as? [String: Any])?["path"] as? String)

        let refused = try alumni.run("restore", path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("alumni serve is running"))
        #expect(try await get(port: port, path: "/health").status == 200)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try alumni.run("people", "add", "--given", "After", "--family", "Backup", "--kind", "customer")
        let restored = try alumni.run("restore", path)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("is kept at"))
        #expect(!(try alumni.run("people", "list", "--search", "after backup").stdout.contains("Backup")))
    }
}
