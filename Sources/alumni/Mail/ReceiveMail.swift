import AlumniCore
import AlumniMail
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.Mail {
    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receive",
            abstract: "Store one message from standard input, as a mail server's pipe delivers it.",
            discussion: """
                Exit status follows sysexits, so the mail server does the right thing: 0 stored (or stored \
                before: a retry is stored once), 75 (EX_TEMPFAIL) when anything transient failed, such as a \
                busy database (the server tries again later), 65 (EX_DATAERR) only for a message that can never \
                be stored (over the size limit: inbound_max_mb, default 25).
                """)

        /// The sysexits codes a mail server acts on.
        enum Status: Int32 {
            case dataError = 65
            case temporaryFailure = 75
        }

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The envelope recipient (Postfix: ${recipient}).", valueName: "address"))
        var recipient: String?
        @Option(help: ArgumentHelp("The envelope sender (Postfix: ${sender}).", valueName: "address"))
        var sender: String?
        @Option(help: "Seconds to wait for another writer before giving up with 75 (the server retries).")
        var busyTimeout: Double = 5

        func run() throws {
            let settings: MailSettings
            let database: AlumniDatabase
            do {
                settings = try MailSettings.load(StoreOptions.settings())
                // The mail server deletes its copy when we exit 0: the message must be on disk by then.
                database = try store.open(mail: settings, busyTimeout: busyTimeout, syncEveryCommit: true)
            } catch {
                throw fail(.temporaryFailure, "cannot open the desk: \(error)")
            }
            let input = FileHandle.standardInput.readData(ofLength: settings.inboundMaxBytes + 1)
            guard input.count <= settings.inboundMaxBytes else {
                throw fail(.dataError, "the message is larger than \(settings.inboundMaxBytes / 1_048_576) MB")
            }
            guard !input.isEmpty else { throw fail(.dataError, "no message on standard input") }
            do {
                let mail = MailParser.parse(input, envelopeSender: sender, envelopeRecipient: recipient)
                let bounced = try recipient.flatMap {
                    settings.bounceAddresses(key: try database.linkSigningKey())?.messageId(in: $0)
                }
                let receipt = try database.receiveMail(mail, bouncedMessage: bounced, actor: store.actor ?? "mail")
                Self.dieIfAsked()
                if output.json { return try Output.json(receipt) }
                print(
                    receipt.duplicate
                        ? "mail #\(receipt.mailId) was stored before"
                        : "mail #\(receipt.mailId): \(receipt.outcome.rawValue)\(receipt.inquiryId.map { " (inquiry #\($0))" } ?? "")"
                )
            } catch {
                throw fail(.temporaryFailure, "not stored, try again later: \(error)")
            }
        }

        /// Fault injection for the mail-server test: when `$ALUMNI_TEST_KILL_AFTER_STORE` names a
        /// file that exists, the file is removed and the process dies by SIGKILL right after the
        /// message is stored, before it can tell the mail server so (which then delivers it again).
        private static func dieIfAsked() {
            guard let flag = ProcessInfo.processInfo.environment["ALUMNI_TEST_KILL_AFTER_STORE"],
                unlink(flag) == 0
            else { return }
            kill(getpid(), SIGKILL)
        }

        private func fail(_ status: Status, _ message: String) -> ExitCode {
            Output.note("alumni mail receive: \(message)")
            return ExitCode(status.rawValue)
        }
    }
}
