import AlumniCore
import AlumniSettings
import AlumniTestSupport
import Foundation
import Logging
import NIOCore
import Testing

@testable import AlumniMail

/// The smtp transport against a scripted server, through the outbox worker as `outbox deliver` runs it.
@Suite struct SMTPTransportTests {
    private let now = Date(timeIntervalSince1970: 1_795_000_000)

    private func transport(
        _ server: ScriptedSMTPServer, connections: Int = 1, timeout: TimeAmount = .seconds(10),
        login: (String, String)? = nil, configure: (inout SMTPSettings) -> Void = { _ in }
    ) throws -> SMTPTransport {
        try transport(port: server.port, connections: connections, timeout: timeout, login: login, configure: configure)
    }

    private func transport(
        port: Int, connections: Int = 1, timeout: TimeAmount = .seconds(10), login: (String, String)? = nil,
        configure: (inout SMTPSettings) -> Void = { _ in }
    ) throws -> SMTPTransport {
        var settings = SMTPSettings()
        settings.port = port
        settings.security = .none
        settings.connections = connections
        settings.timeouts = .uniform(timeout)
        settings.username = login?.0
        settings.password = login?.1
        configure(&settings)
        return try SMTPTransport(settings: settings, returnPath: ReturnPath(fixed: "desk@example.com"))
    }

    /// An outbox of `recipients.count` messages, each with `body` as its text.
    private func outbox(_ recipients: [String], body: String = "Hello\r\n", clock: any WallClock) -> FakeOutbox {
        let outbox = FakeOutbox(count: recipients.count, clock: clock)
        for (index, recipient) in recipients.enumerated() {
            let id = Int64(index + 1)
            outbox.messages[id]!.recipient = recipient
            outbox.messages[id]!.mime = Data("Subject: #\(id)\r\n\r\n\(body)".utf8)
        }
        return outbox
    }

    private func deliver(_ outbox: FakeOutbox, over transport: SMTPTransport, clock: any WallClock) async throws
        -> OutboxWorker.Report
    {
        try await OutboxWorker(store: outbox, transport: transport, clock: clock, logger: Logger(label: "test"))
            .deliverDue()
    }

    @Test func pipelinesTheEnvelopeAndDeliversTheMessageAsWritten() async throws {
        // The server answers MAIL and RCPT only once DATA has arrived: a client that waited for
        // each reply would time out.
        let server = try await ScriptedSMTPServer(.init(holdRepliesUntilData: true))
        let outbox = outbox(["åse@example.no"], clock: FixedClock(now))
        let report = try await deliver(
            outbox, over: try transport(server, timeout: .seconds(5)), clock: FixedClock(now))
        #expect(report == OutboxWorker.Report(sent: 1))
        #expect(
            server.messages == [
                .init(sender: "desk@example.com", recipient: "åse@example.no", wire: "Subject: #1\r\n\r\nHello")
            ])
        #expect(server.commands.contains { $0.hasPrefix("MAIL FROM:<desk@example.com> SIZE=") })
        #expect(outbox.messages[1]?.status == .sent)
        #expect(server.commands.last == "QUIT", "the pass ends with QUIT")
    }

    @Test func linesStartingWithADotAreDoubledOnTheWire() async throws {
        let server = try await ScriptedSMTPServer()
        let outbox = outbox(["a@example.com"], body: ".hidden\n..two\nlast line\n.\n", clock: FixedClock(now))
        _ = try await deliver(outbox, over: try transport(server), clock: FixedClock(now))
        #expect(server.messages.map(\.wire) == ["Subject: #1\r\n\r\n..hidden\r\n...two\r\nlast line\r\n.."])
    }

    @Test func aTemporaryRefusalIsTriedAgainAfterTheBackoff() async throws {
        let server = try await ScriptedSMTPServer(.init(contentReplies: ["451 4.3.0 try again later"]))
        let clock = SettableClock(now)
        let outbox = outbox(["a@example.com"], clock: clock)
        #expect(try await deliver(outbox, over: try transport(server), clock: clock) == .init(retrying: 1))
        #expect(outbox.messages[1]?.lastError == "the message refused: 451 4.3.0 try again later")
        #expect(server.messages.isEmpty)
        clock.advance(60)
        #expect(try await deliver(outbox, over: try transport(server), clock: clock) == .init(sent: 1))
        #expect(server.messages.count == 1)
    }

    @Test func aRefusedRecipientFailsForGoodWhileTheOthersInTheSessionPass() async throws {
        let server = try await ScriptedSMTPServer(
            .init(recipientReplies: ["gone@example.com": "550 5.1.1 <gone@example.com>: no such user"]))
        let outbox = outbox(["a@example.com", "gone@example.com", "c@example.com"], clock: FixedClock(now))
        let report = try await deliver(outbox, over: try transport(server), clock: FixedClock(now))
        #expect(report == .init(sent: 2, failed: 1), "a 5xx is not retried")
        #expect(outbox.messages[2]?.status == .failed)
        #expect(outbox.messages[2]?.lastError == "RCPT TO refused: 550 5.1.1 <gone@example.com>: no such user")
        #expect(server.messages.map(\.recipient) == ["a@example.com", "c@example.com"])
        #expect(server.connections == 1, "one session carried all three")
        #expect(server.commands.contains("RSET"), "the refused transaction was reset")
    }

    @Test func aConnectionDroppedDuringTheContentRetriesThatMessageAndGoesOnWithANewOne() async throws {
        let server = try await ScriptedSMTPServer(.init(dropDuringFirstContent: true))
        let outbox = outbox(["a@example.com", "b@example.com"], clock: FixedClock(now))
        let report = try await deliver(outbox, over: try transport(server), clock: FixedClock(now))
        #expect(report == .init(sent: 1, retrying: 1))
        #expect(outbox.messages[1]?.status == .queued)
        #expect(outbox.messages[1]?.lastError == "the server closed the connection")
        #expect(server.messages.map(\.recipient) == ["b@example.com"])
        #expect(server.connections == 2)
    }

    @Test func aServerThatFallsSilentTimesOut() async throws {
        // The server never answers MAIL (sent with RCPT and DATA: it offers pipelining). The wait
        // for those replies is given no time at all, so the test waits on no timer: the limit
        // passes at once, as a long one would against a server that stays silent.
        let server = try await ScriptedSMTPServer(.init(silentOnMail: true))
        let outbox = outbox(["a@example.com"], clock: FixedClock(now))
        let transport = try transport(server) { $0.timeouts.dataInitiation = .zero }
        let report = try await deliver(outbox, over: transport, clock: FixedClock(now))
        #expect(report == .init(retrying: 1))
        #expect(outbox.messages[1]?.lastError == "the server did not answer in time")
    }

    @Test func aRefusedLoginStopsThePassWithAClearErrorAndSendsNothing() async throws {
        let server = try await ScriptedSMTPServer(
            .init(extensions: ["AUTH PLAIN LOGIN"], credentials: ("desk", "right horse")))
        let outbox = outbox(["a@example.com", "b@example.com"], clock: FixedClock(now))
        let transport = try transport(server, login: ("desk", "wrong battery"))
        await #expect {
            try await deliver(outbox, over: transport, clock: FixedClock(now))
        } throws: { error in
            let failure = error as? TransportError
            return failure?.kind == .unavailable && failure!.description.contains("refused the login as desk: 535")
                && !failure!.description.contains("battery")
        }
        #expect(server.messages.isEmpty)
        #expect(outbox.messages.values.allSatisfy { $0.status == .queued }, "nothing marked sent")
        #expect(outbox.messages.values.map(\.attempts).sorted() == [0, 1])
    }

    @Test(arguments: ["AUTH PLAIN LOGIN", "AUTH LOGIN"])
    func logsInWithPlainOrLogin(_ offer: String) async throws {
        let server = try await ScriptedSMTPServer(.init(extensions: [offer], credentials: ("desk", "right horse")))
        let outbox = outbox(["a@example.com"], clock: FixedClock(now))
        let transport = try transport(server, login: ("desk", "right horse"))
        #expect(try await deliver(outbox, over: transport, clock: FixedClock(now)) == .init(sent: 1))
        #expect(server.messages.count == 1)
    }

    @Test func keepsAsManyMessagesInFlightAsItHasConnections() async throws {
        let server = try await ScriptedSMTPServer()
        let recipients = (1...40).map { "person\($0)@example.com" }
        let outbox = outbox(recipients, clock: FixedClock(now))
        let report = try await deliver(outbox, over: try transport(server, connections: 4), clock: FixedClock(now))
        #expect(report == .init(sent: 40))
        #expect(server.messages.map(\.recipient).sorted() == recipients.sorted(), "each exactly once")
        #expect(server.mostOpenAtOnce <= 4)
        #expect(server.connections > 1, "messages went out side by side")
        #expect(server.connections <= 4, "connections are reused")
    }

    @Test func reconnectsWhenTheServerClosedAnIdleConnection() async throws {
        let server = try await ScriptedSMTPServer(.init(closeAfterEachMessage: true))
        let outbox = outbox(["a@example.com", "b@example.com", "c@example.com"], clock: FixedClock(now))
        #expect(try await deliver(outbox, over: try transport(server), clock: FixedClock(now)) == .init(sent: 3))
        #expect(server.connections == 3)
    }

    @Test func aConnectionResetBeforeTheServerAnsweredIsReplacedOnce() async throws {
        // The race behind an impatient server: the next message is written before its close
        // arrives, and the server's kernel answers with a reset rather than a close.
        let server = try await ScriptedSMTPServer(.init(resetOnSecondMessage: true))
        let outbox = outbox(["a@example.com", "b@example.com", "c@example.com"], clock: FixedClock(now))
        #expect(try await deliver(outbox, over: try transport(server), clock: FixedClock(now)) == .init(sent: 3))
        #expect(server.messages.map(\.recipient) == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(server.connections == 3)
    }

    @Test func anIdleConnectionIsCheckedWithNoopBeforeItIsUsedAgain() async throws {
        let server = try await ScriptedSMTPServer()
        let outbox = outbox(["a@example.com", "b@example.com"], clock: FixedClock(now))
        let transport = try transport(server) { $0.idleCheck = .zero }
        #expect(try await deliver(outbox, over: transport, clock: FixedClock(now)) == .init(sent: 2))
        #expect(server.commands.filter { $0 == "NOOP" }.count == 1)
        #expect(server.connections == 1)
    }

    @Test func aMessageOverTheServersSizeLimitFailsWithoutBeingSent() async throws {
        let server = try await ScriptedSMTPServer(.init(extensions: ["SIZE 100"]))
        let outbox = outbox(["a@example.com"], body: String(repeating: "x", count: 200), clock: FixedClock(now))
        #expect(try await deliver(outbox, over: try transport(server), clock: FixedClock(now)) == .init(failed: 1))
        #expect(outbox.messages[1]?.lastError?.hasSuffix("the server accepts at most 100") == true)
        #expect(!server.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func anUnreachableRelayStopsThePass() async throws {
        // Not a stopped server's port, which another test's listener may take meanwhile (one did,
        // a silent one, and the pass timed out instead of being refused): a port bound and never
        // listened on refuses every connection for as long as it is held.
        let refusing = try RefusingPort()
        let transport = try transport(port: refusing.port)
        let outbox = outbox(["a@example.com", "b@example.com"], clock: FixedClock(now))
        await #expect {
            try await deliver(outbox, over: transport, clock: FixedClock(now))
        } throws: { error in
            (error as? TransportError)?.description.hasPrefix("cannot connect to the SMTP relay 127.0.0.1:") == true
        }
        #expect(outbox.messages[1]?.status == .queued)
        #expect(outbox.messages[2]?.attempts == 0, "the pass stopped at the first message")
        withExtendedLifetime(refusing) {}
    }
}

@Suite struct SMTPContentTests {
    @Test func contentEndsInCRLFWithTheClosingDotAndBareLineFeedsBecomeCRLF() {
        var bytes = SMTPContent(Data("a\nb\r\n.c".utf8)).bytes
        #expect(bytes.readString(length: bytes.readableBytes) == "a\r\nb\r\n..c\r\n.\r\n")
    }

    @Test func eightBitContentIsNoticed() {
        #expect(SMTPContent(Data("plain".utf8)).eightBit == false)
        #expect(SMTPContent(Data("blåbær".utf8)).eightBit == true)
    }
}

/// The relay's settings from these environment variables alone.
private func smtpSettings(_ environment: [String: String]) throws -> SMTPSettings {
    try SMTPSettings.load(SettingsReader(file: nil, environment: environment))
}

@Suite struct SMTPSettingsTests {
    @Test func defaultsAreStartTLSOnTheSubmissionPortWithFourConnections() throws {
        let settings = try smtpSettings(["ALUMNI_SMTP_HOST": "smtp.example.com"])
        #expect(settings.security == .starttls)
        #expect(settings.port == 587)
        #expect(settings.connections == 4)
        #expect(try smtpSettings(["ALUMNI_SMTP_SECURITY": "tls"]).port == 465)
    }

    @Test(arguments: [
        ("ALUMNI_SMTP_PORT", "0"), ("ALUMNI_SMTP_CONNECTIONS", "none"), ("ALUMNI_SMTP_SECURITY", "ssl"),
        ("ALUMNI_SMTP_HOST", "smtp example"), ("ALUMNI_SMTP_CA_FILE", "/nonexistent/ca.pem"),
        ("ALUMNI_SMTP_TIMEOUT_SECONDS", "-1"), ("ALUMNI_SMTP_PASSWORD_FILE", "/nonexistent/password"),
    ])
    func badValuesAreRefusedNamingTheKey(_ key: String, _ value: String) {
        #expect {
            try smtpSettings([key: value])
        } throws: { error in
            String(describing: error).hasPrefix("\(key) (\(key.dropFirst("ALUMNI_".count).lowercased())): ")
        }
    }

    @Test func aUserNameWithoutAPasswordIsRefusedNamingWhatIsMissing() {
        #expect {
            try smtpSettings(["ALUMNI_SMTP_USERNAME": "desk"])
        } throws: { error in
            String(describing: error) == "ALUMNI_SMTP_PASSWORD (smtp_password): a user name and a password go together"
        }
    }

    @Test func noEncryptionOnlyToThisMachine() throws {
        let remote = ["ALUMNI_SMTP_SECURITY": "none", "ALUMNI_SMTP_HOST": "smtp.example.com"]
        #expect(throws: SettingsError.self) { try smtpSettings(remote) }
        #expect(try smtpSettings(["ALUMNI_SMTP_SECURITY": "none"]).host == "127.0.0.1")
    }

    @Test func thePasswordCanComeFromAFile() throws {
        let folder = try TemporaryFolder("smtp-password")
        let file = folder.file("password")
        try "s3cret horse\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try smtpSettings([
            "ALUMNI_SMTP_USERNAME": "desk", "ALUMNI_SMTP_PASSWORD_FILE": file.path,
        ])
        #expect(settings.password == "s3cret horse")
    }

    @Test func mailSettingsReadTheRelayOnlyForTheSMTPTransport() throws {
        let bad = ["ALUMNI_SMTP_PORT": "nope"]
        #expect(throws: Never.self) { try MailSettings.load(environment: bad) }
        #expect(throws: SettingsError.self) {
            try MailSettings.load(environment: bad.merging(["ALUMNI_MAIL_TRANSPORT": "smtp"]) { a, _ in a })
        }
        let settings = try MailSettings.load(environment: [
            "ALUMNI_MAIL_TRANSPORT": "smtp", "ALUMNI_SMTP_HOST": "relay.example.com",
        ])
        #expect(settings.smtp.host == "relay.example.com")
        #expect(try settings.makeTransport().parallelism == 4)
    }
}

extension SMTPContentTests {
    @Test func emptyLinesAndALastLineWithoutItsEndSurvive() {
        var bytes = SMTPContent(Data("a\r\n\r\n\n.\r\nend".utf8)).bytes
        #expect(bytes.readString(length: bytes.readableBytes) == "a\r\n\r\n\r\n..\r\nend\r\n.\r\n")
        var empty = SMTPContent(Data()).bytes
        #expect(empty.readString(length: empty.readableBytes) == ".\r\n")
    }
}
