import AlumniTestSupport
import Foundation

/// Runs the built `alumni` executable on a database of its own, the way a user at a terminal would.
struct AlumniBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private let temporary: TemporaryFolder
    var folder: URL { temporary.url }
    var database: String { temporary.file("alumni.sqlite").path }

    init() throws {
        temporary = try TemporaryFolder("alumni-e2e")
    }

    /// The executable SwiftPM built next to this test bundle (or `$ALUMNI_BIN`).
    static var executable: URL { BuiltExecutable.alumni }

    /// Runs `alumni ARGUMENTS` with `ALUMNI_DB` set to this test's database.
    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// Runs `alumni ARGUMENTS` as if it were `now` (ISO 8601), through `$ALUMNI_NOW`.
    @discardableResult
    func run(at now: String, _ arguments: String...) throws -> Result {
        try run(arguments, now: now)
    }

    /// Runs `alumni ARGUMENTS`, with `input` on standard input when given (else none).
    func run(
        _ arguments: [String], now: String? = nil, environment extra: [String: String] = [:], input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["ALUMNI_DB"] = database
        environment["USER"] = "e2e"
        environment["ALUMNI_NOW"] = now
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let inputFile = folder.appendingPathComponent("stdin-\(UUID().uuidString)")
            try Data(input.utf8).write(to: inputFile)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// Writes a file into the test folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs a command that prints a new id and returns it.
    func id(_ arguments: String...) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else { throw CommandFailed(arguments: arguments, stderr: result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct CommandFailed: Error {
        var arguments: [String]
        var stderr: String
    }

    /// Parses JSON printed by a `--json` command.
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
