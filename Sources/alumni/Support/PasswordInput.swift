import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a new password: twice without echo from a terminal, or one line from standard input.
enum PasswordInput {
    /// The password typed twice at the terminal, or read once from standard input (`fromStdin`).
    static func read(fromStdin: Bool) throws -> String {
        if fromStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("--stdin: no password on standard input")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw ValidationError("standard input is not a terminal: pipe the password with --stdin")
        }
        let first = try prompt("New password: ")
        let second = try prompt("Again: ")
        guard first == second else { throw ValidationError("the two passwords differ; nothing was changed") }
        return first
    }

    /// One line read with the terminal's echo off.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password was typed") }
        return line
    }
}
