import Foundation
import Testing

/// `alumni users password`: the desk's passwords, set from the terminal or a script.
@Suite struct StaffCommandTests {
    @Test("A password comes from standard input with --stdin; a short one is refused naming the field")
    func password() throws {
        let alumni = try AlumniBinary()
        try alumni.run("users", "add", "kim", "--email", "kim@example.com", "--role", "hr")
        let short = try alumni.run(["users", "password", "kim", "--stdin"], input: "short\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("password: must be at least 12 characters"))
        let good = try alumni.run(["users", "password", "kim", "--stdin"], input: "a long enough password\n")
        #expect(good.status == 0)
        #expect(good.stdout.contains("Password set for kim"))
        let unknown = try alumni.run(["users", "password", "nobody", "--stdin"], input: "a long enough password\n")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nobody"))
    }

    @Test("Without --stdin and without a terminal the command says how to pipe the password")
    func needsTerminal() throws {
        let alumni = try AlumniBinary()
        try alumni.run("users", "add", "kim", "--email", "kim@example.com", "--role", "hr")
        let result = try alumni.run(["users", "password", "kim"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--stdin"))
    }
}
