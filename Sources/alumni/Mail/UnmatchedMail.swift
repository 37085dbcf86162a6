import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension InboundMailRecord.Status: ExpressibleByArgument {}

extension AlumniCommand.Mail {
    struct Unmatched: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List mail waiting for staff (or, with --status, filed or dismissed mail), newest first.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "unmatched, filed or dismissed.") var status: InboundMailRecord.Status = .unmatched
        @Option(help: "How many to show.") var limit = 50
        @Option(help: "How many to skip.") var offset = 0

        func run() async throws {
            try await self.store.withStore { store, actor in
                let page = try await store.inboundMail(
                    status: status, limit: limit, offset: offset, as: actor)
                if output.json { return try Output.json(page) }
                Output.table(
                    ["ID", "RECEIVED", "FROM", "SUBJECT", "WHY"],
                    page.items.map {
                        [String($0.id), Output.time($0.receivedAt), $0.sender ?? "-", $0.subject, $0.reason]
                    })
                print("\(page.items.count) of \(page.total)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one message: who sent it, why it waits, its text and files (the read is audited).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The message's id.") var id: Int64
        @Flag(help: "Print the message exactly as it arrived instead.") var original = false

        func run() async throws {
            try await self.store.withStore { store, actor in
                if original {
                    return FileHandle.standardOutput.write(
                        try await store.inboundMailOriginal(id: id, reader: actor))
                }
                let mail = try await store.inboundMail(id: id, reader: actor)
                if output.json { return try Output.json(mail) }
                print("Mail #\(mail.id) (\(mail.nature), \(mail.status.rawValue): \(mail.reason))")
                print("From: \(mail.senderName.map { "\($0) " } ?? "")<\(mail.sender ?? "")>")
                print("To: \(mail.recipient ?? "")")
                print("Received: \(Output.time(mail.receivedAt))")
                print("Subject: \(mail.subject)")
                if let inquiry = mail.inquiryId { print("Inquiry: #\(inquiry)") }
                for file in mail.attachments {
                    print("Attachment #\(file.id): \(file.filename) (\(file.contentType), \(file.size) bytes)")
                }
                print("")
                print(mail.text)
            }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File an unmatched message: on an inquiry, or as a new inquiry of a person.",
            discussion: "Exactly one of --inquiry, --person and --new-person.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The message's id.") var id: Int64
        @Option(help: "File it on this inquiry, as the requester's message.") var inquiry: Int64?
        @Option(help: "Open a new inquiry of this person with it.") var person: Int64?
        @Flag(help: "Add the sender as a new person and open an inquiry with it.") var newPerson = false
        @Option(help: "The new person's kind.") var kind: PersonKind = .customer
        @Option(help: "The new person's given name (default: from the sender's display name).") var givenName: String?
        @Option(help: "The new person's family name (default: from the sender's display name, else the address).")
        var familyName: String?

        func validate() throws {
            guard [inquiry != nil, person != nil, newPerson].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --inquiry, --person and --new-person")
            }
        }

        func run() async throws {
            try await self.store.withStore { store, actor in
                let target: MailAssignment
                if let inquiry {
                    target = .inquiry(inquiry)
                } else if let person {
                    target = .person(person)
                } else {
                    let mail = try await store.inboundMail(id: id, reader: actor)
                    // "Anna Berg" → Anna, Berg; "Berg, Anna" → Anna, Berg.
                    let display = mail.senderName ?? ""
                    let parts =
                        display.contains(",")
                        ? display.split(separator: ",", maxSplits: 1).reversed().map {
                            $0.trimmingCharacters(in: .whitespaces)
                        }
                        : display.split(separator: " ").map(String.init)
                    guard let given = givenName ?? (parts.count > 1 ? parts.dropLast().joined(separator: " ") : nil),
                        let family = familyName ?? (parts.count > 1 ? parts.last : nil)
                    else {
                        throw ValidationError(
                            "--given-name, --family-name: the sender's name '\(display)' is not a full name; give both")
                    }
                    target = .newPerson(
                        PersonFields(givenName: given, familyName: family, email: mail.sender, kind: kind))
                }
                let receipt = try await store.assignInboundMail(id: id, to: target, actor: actor)
                if output.json { return try Output.json(receipt) }
                print("mail #\(id) filed on inquiry #\(receipt.inquiryId ?? 0) of person #\(receipt.personId ?? 0)")
            }
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a message off the unmatched list without filing it (spam); it is kept, not deleted.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The message's id.") var id: Int64

        func run() async throws {
            try await self.store.withStore { store, actor in
                try await store.dismissInboundMail(id: id, actor: actor)
                print("mail #\(id) dismissed")
            }
        }
    }

    struct Attachment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a file that came with a message (the read is audited).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The attachment's id (`alumni mail show` lists them).") var id: Int64
        @Option(name: .shortAndLong, help: "Write it here instead of standard output.") var output: String?

        func run() async throws {
            try await self.store.withStore { store, actor in
                let (file, data) = try await store.inboundAttachment(id: id, as: actor)
                guard let output else { return FileHandle.standardOutput.write(data) }
                guard FileManager.default.createFile(atPath: output, contents: data) else {
                    throw ValidationError("--output: cannot write \(output)")
                }
                Output.note("wrote \(file.filename) (\(data.count) bytes) to \(output)")
            }
        }
    }
}
