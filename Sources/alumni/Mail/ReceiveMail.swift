import ArgumentParser
import Foundation

extension AlumniCommand.Mail {
    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receive",
            abstract: "Store one message from standard input, as a mail server's pipe delivers it.",
            discussion: """
                Exit status follows sysexits, so the mail server does the right thing: 0 stored (or stored \
                before: a retry is stored once), 75 (EX_TEMPFAIL) when anything transient failed, such as a \
                busy database (the server tries again later), 65 (EX_DATAERR) only for a message that can never \
                be stored (over the size limit: inbound_max_mb, default 25).
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The envelope recipient (Postfix: ${recipient}).", valueName: "address"))
        var recipient: String?
        @Option(help: ArgumentHelp("The envelope sender (Postfix: ${sender}).", valueName: "address"))
        var sender: String?
        @Option(help: "Seconds to wait for another writer before giving up with 75 (the server retries).")
        var busyTimeout: Double = 5

        /// Runs the command for a mail server: arguments it cannot read (a pipe set up wrongly)
        /// exit 75 rather than ArgumentParser's 64, so the server keeps the message until the
        /// set-up is mended instead of bouncing it. `--help` is answered as usual.
        static func receiveOrDefer(_ arguments: [String]) async -> Never {
            do {
                var command = try parseAsRoot(arguments)
                if var command = command as? any AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
                Foundation.exit(0)
            } catch {
                guard exitCode(for: error) != .validationFailure else {
                    Output.note("alumni mail receive: \(message(for: error))")
                    Foundation.exit(MailIntake.Status.temporaryFailure.rawValue)
                }
                exit(withError: error)
            }
        }

        func run() async throws {
            let status = await MailIntake(
                databasePath: store.databasePath, actor: store.actor, recipient: recipient, sender: sender,
                busyTimeout: busyTimeout, json: output.json
            ).run()
            guard status == .stored else { throw ExitCode(status.rawValue) }
        }
    }
}
