import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniStore
import ArgumentParser
import Foundation
import Logging

extension OutboxMessage.Status: ExpressibleByArgument {}

extension AlumniCommand {
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every message the system sends: queued, sent or failed.",
            discussion: """
                The transport comes from ALUMNI_MAIL_TRANSPORT (sendmail, webhook or file) and the keys in \
                docs/operations.md. `alumni serve` delivers in the background; `outbox deliver` is one pass, for cron.
                """,
            subcommands: [List.self, Show.self, Deliver.self, Retry.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List messages, newest first.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "queued, sending, sent or failed.") var status: OutboxMessage.Status?
            @Option(help: "How many to show.") var limit = 50

            func run() async throws {
                let (status, limit) = (status, limit)
                let page = try await store.withStore { store, _ in
                    try await store.outboxMessages(status: status, limit: limit)
                }
                if output.json { return try Output.json(page) }
                Output.table(
                    ["ID", "STATUS", "TRIES", "TO", "SUBJECT", "LAST ERROR"],
                    page.items.map {
                        [
                            String($0.id), $0.status.rawValue, String($0.attempts), $0.recipient, $0.subject,
                            $0.lastError ?? "",
                        ]
                    })
                print("\(page.items.count) of \(page.total)")
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print one message in full, as sent.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The message's id.") var id: Int64

            func run() async throws {
                let id = id
                let message = try await store.withStore { store, _ in try await store.outboxMessage(id: id) }
                Output.note(
                    "#\(message.id) \(message.status.rawValue), \(message.attempts) attempt(s)\(message.lastError.map { ": \($0)" } ?? "")"
                )
                FileHandle.standardOutput.write(message.mime)
            }
        }

        struct Deliver: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Deliver every due message once (for cron).")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                // Fault injection for the crash tests: die by SIGKILL right after the N-th message is recorded sent.
                let crashAfter = ProcessInfo.processInfo.environment["ALUMNI_TEST_KILL_AFTER_SENT"].flatMap(Int.init)
                let mail = try MailSettings.load(try StoreOptions.settings())
                let report = try await store.withStore { store, _ in
                    try await BackgroundJobs.deliver(
                        from: store, signingKey: try await store.linkSigningKey(), settings: mail, clock: store.clock,
                        logger: Logger(label: "alumni.notifications")
                    ) { sent in
                        if sent == crashAfter { kill(getpid(), SIGKILL) }
                    }
                }
                if output.json { return try Output.json(report) }
                print("sent \(report.sent), retrying later \(report.retrying), failed \(report.failed)")
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Queue failed messages again.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The message's id.") var id: Int64?
            @Flag(help: "Every failed message.") var failed = false

            func validate() throws {
                guard (id == nil) == failed else { throw ValidationError("Give a message id or --failed") }
            }

            func run() async throws {
                let id = id
                let count = try await store.withStore { store, actor in
                    try await store.retryOutbox(id: id, actor: actor)
                }
                print("Queued \(count) message\(count == 1 ? "" : "s") again")
            }
        }
    }
}
