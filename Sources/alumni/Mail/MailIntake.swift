import AlumniCore
import AlumniMail
import AlumniStore
import Foundation

/// What `alumni mail receive` does with one message on standard input, and the exit status
/// (sysexits) the mail server acts on: 0 stored or stored before, 75 try again later, 65 never.
struct MailIntake {
    /// The sysexits codes a mail server acts on.
    enum Status: Int32 {
        case stored = 0
        case dataError = 65
        case temporaryFailure = 75
    }

    var databasePath: String
    var actor: String?
    var recipient: String?
    var sender: String?
    var busyTimeout: Double = 5
    var json = false

    /// The options read straight from the arguments on a mail server's path: ArgumentParser
    /// reads a command's options by reflection, a tenth of this command's whole run, paid once
    /// per message. Nil for anything else (`--help`, a typo), which ArgumentParser then reads
    /// and explains.
    init?(arguments: [String]) {
        var values: [String: String] = [:]
        var json = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--json" {
                json = true
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard ["--db", "--actor", "--recipient", "--sender", "--busy-timeout"].contains(parts[0]) else {
                return nil
            }
            guard let value = parts.count == 2 ? parts[1] : rest.popFirst() else { return nil }
            values[parts[0]] = value
        }
        databasePath = StoreOptions.databasePath(values["--db"])
        actor = values["--actor"]
        recipient = values["--recipient"]
        sender = values["--sender"]
        self.json = json
        if let timeout = values["--busy-timeout"] {
            guard let seconds = Double(timeout) else { return nil }
            busyTimeout = seconds
        }
    }

    init(databasePath: String, actor: String?, recipient: String?, sender: String?, busyTimeout: Double, json: Bool) {
        self.databasePath = databasePath
        self.actor = actor
        self.recipient = recipient
        self.sender = sender
        self.busyTimeout = busyTimeout
        self.json = json
    }

    /// Stores and files the message on standard input; says what happened on standard output,
    /// why not on standard error.
    func run() async -> Status {
        let settings: MailSettings
        let location: DatabaseLocation
        do {
            settings = try MailSettings.load(StoreOptions.settings())
            location = try DatabaseLocation(databasePath, environment: ProcessInfo.processInfo.environment)
        } catch {
            return fail(.temporaryFailure, "cannot open the desk: \(error)")
        }
        let input = FileHandle.standardInput.readData(ofLength: settings.inboundMaxBytes + 1)
        guard input.count <= settings.inboundMaxBytes else {
            return fail(.dataError, "the message is larger than \(settings.inboundMaxBytes / 1_048_576) MB")
        }
        guard !input.isEmpty else { return fail(.dataError, "no message on standard input") }
        let mail = MailParser.parse(input, envelopeSender: sender, envelopeRecipient: recipient)
        switch location {
        case .sqlite(let path):
            let database: AlumniDatabase
            do {
                // The mail server deletes its copy when we exit 0: the message must be on disk by then.
                database = try StoreOptions.open(
                    path: path, mail: settings, busyTimeout: busyTimeout, syncEveryCommit: true)
            } catch {
                return fail(.temporaryFailure, "cannot open the desk: \(error)")
            }
            defer { try? database.close() }
            return await receive(mail, into: .sqlite(database), settings: settings)
        case .postgres(let location):
            // PostgreSQL's commit is durable (synchronous_commit, the server's to keep on).
            do {
                let clock = try StoreOptions.clock()
                return try await PostgresStore.withStore(
                    location, connections: 1, clock: clock,
                    requesterMessages: try StoreOptions.requesterMessages(mail: settings, clock: clock)
                ) { postgres in
                    try await postgres.migrate()
                    return await receive(mail, into: .postgres(postgres), settings: settings)
                }
            } catch {
                return fail(.temporaryFailure, "cannot open the desk: \(error)")
            }
        }
    }

    /// Files `mail` in `store`, a bounce by the VERP address it came to.
    private func receive(_ mail: ReceivedMail, into store: Store, settings: MailSettings) async -> Status {
        do {
            let bounced: Int64? =
                if let recipient, let addresses = settings.bounceAddresses(key: try await store.linkSigningKey()) {
                    addresses.messageId(in: recipient)
                } else {
                    nil
                }
            let receipt = try await store.receiveMail(mail, bouncedMessage: bounced, actor: .system(actor ?? "mail"))
            Self.dieIfAsked()
            if json {
                try Output.json(receipt)
            } else {
                print(
                    receipt.duplicate
                        ? "mail #\(receipt.mailId) was stored before"
                        : "mail #\(receipt.mailId): \(receipt.outcome.rawValue)\(receipt.inquiryId.map { " (inquiry #\($0))" } ?? "")"
                )
            }
            return .stored
        } catch {
            return fail(.temporaryFailure, "not stored, try again later: \(error)")
        }
    }

    /// Fault injection for the mail-server test: when `$ALUMNI_TEST_KILL_AFTER_STORE` names a
    /// file that exists, the file is removed and the process dies by SIGKILL right after the
    /// message is stored, before it can tell the mail server so (which then delivers it again).
    private static func dieIfAsked() {
        guard let flag = ProcessInfo.processInfo.environment["ALUMNI_TEST_KILL_AFTER_STORE"], unlink(flag) == 0
        else { return }
        kill(getpid(), SIGKILL)
    }

    private func fail(_ status: Status, _ message: String) -> Status {
        Output.note("alumni mail receive: \(message)")
        return status
    }
}
