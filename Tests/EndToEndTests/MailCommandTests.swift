import AlumniTestSupport
import Foundation
import Testing

/// `alumni mail receive` as a mail server runs it: one message on standard input, an exit status
/// the server acts on (0 stored, 75 try again, 65 never), and a retry stored once.
@Suite struct MailCommandTests {
    private let reply = """
        From: Åse Ødegård <ase@example.no>
        To: desk@example.com
        Subject: Re: Pension [#INQ-1]
        Message-ID: <reply-1@example.no>

        Here is my employee number: 4711.
        """

    private func desk() throws -> AlumniBinary {
        let alumni = try AlumniBinary()
        let person = try alumni.id(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind", "employee")
        _ = try alumni.id("inquiries", "open", "--person", person, "--type", "pension", "--subject", "Pension")
        return alumni
    }

    @Test func aReplyIsFiledAndARetryIsStoredOnce() throws {
        let alumni = try desk()
        let first = try alumni.run(["mail", "receive", "--recipient", "desk@example.com"], input: reply)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("reply (inquiry #1)"))
        let again = try alumni.run(["mail", "receive"], input: reply)
        #expect(again.status == 0)
        #expect(again.stdout.contains("stored before"))
        let shown = try alumni.run("inquiries", "show", "1")
        #expect(shown.stdout.components(separatedBy: "Here is my employee number: 4711.").count == 2)
    }

    @Test func aStrangersMailWaitsUnmatchedUntilStaffFileIt() throws {
        let alumni = try desk()
        let stranger = reply.replacingOccurrences(of: "ase@example.no", with: "someone@example.org")
        #expect(try alumni.run(["mail", "receive"], input: stranger).stdout.contains("unmatched"))
        let list = try alumni.run("mail", "unmatched", "--json")
        let page = try #require(try AlumniBinary.json(list.stdout) as? [String: Any])
        #expect(page["total"] as? Int == 1)
        let shown = try alumni.run("mail", "show", "1")
        #expect(shown.stdout.contains("Here is my employee number"))
        #expect(try alumni.run("mail", "assign", "1").status != 0, "a target is required")
        let filed = try alumni.run("mail", "assign", "1", "--new-person")
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(filed.stdout.contains("filed on inquiry #2"))
        let audit = try alumni.run("audit", "--json")
        #expect(audit.stdout.contains("mail.read"))
    }

    @Test func aBounceShowsOnThePersonAndInTheReport() throws {
        let alumni = try desk()
        let replied = try alumni.run(
            ["inquiries", "reply", "1", "--body", "We have asked the fund."],
            environment: ["ALUMNI_MAIL_TRANSPORT": "file"])
        #expect(replied.status == 0, "\(replied.stderr)")
        let bounce = deliveryReportMessage(
            to: "ase@example.no", status: "5.1.1", original: "<inquiry-1-2@alumni-desk>")
        #expect(try alumni.run(["mail", "receive", "--sender", ""], input: bounce).stdout.contains("bounce"))
        let shown = try alumni.run("people", "show", "1")
        #expect(shown.stdout.contains("Email bounced:  since"))
        #expect(shown.stdout.contains("reach them another way"))
        #expect(try alumni.run("report").stdout.contains("People we cannot reach by e-mail: 1"))
        #expect(try alumni.run("--version").stdout.trimmingCharacters(in: .whitespacesAndNewlines).contains("."))
    }

    @Test func aPipeSetUpWithAWrongOptionKeepsTheMessageQueued() throws {
        let alumni = try desk()
        let wrong = try alumni.run(["mail", "receive", "--recipent", "desk@example.com"], input: reply)
        #expect(wrong.status == 75, "the mail server retries instead of bouncing")
        #expect(wrong.stderr.contains("--recipent"))
        #expect(try alumni.run(["mail", "receive", "--help"]).status == 0)
        #expect(try alumni.run(["mail", "receive", "--json"], input: reply).stdout.contains("\"outcome\" : \"reply\""))
    }

    @Test func aMessageOverTheLimitIsRefusedForGoodAndNothingIsStored() throws {
        let alumni = try desk()
        let huge = reply + String(repeating: "x", count: 1_200_000)
        let result = try alumni.run(["mail", "receive"], environment: ["ALUMNI_INBOUND_MAX_MB": "1"], input: huge)
        #expect(result.status == 65)
        #expect(result.stderr.contains("larger than 1 MB"))
        #expect(try alumni.run("mail", "unmatched", "--status", "filed").stdout.contains("0 of 0"))
    }

    @Test func aBusyDatabaseAsksTheMailServerToTryAgain() throws {
        let alumni = try desk()
        // Another process holds the write lock (python's sqlite3, as an outside writer would).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()",
            alumni.database,
        ]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        _ = output.fileHandleForReading.availableData  // "locked"
        // No wait for the lock at all: the answer comes at once, without a timer in the test.
        let busy = try alumni.run(["mail", "receive", "--busy-timeout", "0"], input: reply)
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(busy.status == 75, "\(busy.stderr)")
        let retried = try alumni.run(["mail", "receive"], input: reply)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("reply (inquiry #1)"))
    }
}
