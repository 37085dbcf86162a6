import AlumniStore
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// `alumni`: the Alumni Desk command line. Every subcommand works on the same SQLite
/// database as `alumni serve`.
@main
struct AlumniCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alumni",
        abstract: "Alumni Desk: keep in touch with former employees and customers, and answer them on time.",
        discussion: """
            The database is the file given by --db, else $ALUMNI_DB, else ./alumni.sqlite. It is created \
            and brought up to date by whichever command touches it first.
            """,
        version: AlumniCommand.version,
        subcommands: [
            Init.self, People.self, Employment.self, Pension.self, Prefs.self, Inquiries.self, Silent.self, Report.self,
            CalendarCommand.self, Policies.self, Config.self, Alerts.self, Outbox.self, Serve.self, Users.self,
            Tokens.self, Audit.self, Backup.self, Restore.self, DatabaseCommand.self, Retention.self, Service.self,
            Farewells.self,
            Followups.self, Mail.self,
            Campaigns.self, Templates.self, Demo.self,
        ]
    )

    /// For `alumni serve` and `alumni outbox deliver`, first hands Swift concurrency to NIO's
    /// event loops (NIO's own switch, which must be thrown before anything else runs): a request
    /// is then read, handled and answered on one thread instead of hopping between the loops
    /// and the concurrency pool, which was a third of the cost of a single-person read, and an
    /// SMTP reply resumes the delivery where it arrived. Background notifications keep a
    /// thread of their own (`BackgroundExecutor`).
    static func main() async {
        let command = Array(CommandLine.arguments.dropFirst().prefix(2))
        if command.first == "serve" || command == ["outbox", "deliver"] {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        // A mail server starts `alumni mail receive` once per message: its options are read
        // directly, not by finding the command in the tree of every command (building that tree
        // looks up each command type's conformances, most of the cost of starting the process).
        if command == ["mail", "receive"] {
            let arguments = Array(CommandLine.arguments.dropFirst(3))
            if let intake = MailIntake(arguments: arguments) { Foundation.exit(await intake.run().rawValue) }
            await Mail.Receive.receiveOrDefer(arguments)
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let refused as AccessRefused {
            // The store's refusal, as the API's 403 and the desk's error page: said, and exit 77
            // (EX_NOPERM), so a script can tell it from a mistake in its input.
            FileHandle.standardError.write(Data("Error: \(refused)\n".utf8))
            Foundation.exit(77)
        } catch {
            // A full disk, a read-only file system, an I/O error or a damaged file: said as that,
            // naming the database, and exit 74 (EX_IOERR).
            if let fault = error as? StorageFault ?? StorageFault(error, path: StoreOptions.databasePath(dbArgument)) {
                FileHandle.standardError.write(Data("Error: \(fault)\n".utf8))
                Foundation.exit(74)
            }
            exit(withError: error)
        }
    }

    /// The value of `--db` on the command line, if given.
    private static var dbArgument: String? {
        let arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--db"), index + 1 < arguments.count { return arguments[index + 1] }
        return arguments.first { $0.hasPrefix("--db=") }.map { String($0.dropFirst("--db=".count)) }
    }

    /// What `alumni --version` prints.
    static let version = "0.15.0"
}
