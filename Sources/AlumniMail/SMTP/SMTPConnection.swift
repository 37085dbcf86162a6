import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session with the relay, set up (greeting, EHLO, STARTTLS, AUTH) and ready to
/// carry messages one after another.
struct SMTPConnection: Sendable {
    private let wire: SMTPWire
    /// What the server offered in its last EHLO reply.
    let extensions: SMTPExtensions

    /// Whether the connection is still open; a closed one is never used again.
    var isActive: Bool { wire.isActive }

    /// Connects and sets the session up; every failure is an ``SMTPError/setup(_:)`` naming the relay.
    static func open(_ settings: SMTPSettings, tls: NIOSSLContext?, group: any EventLoopGroup) async throws
        -> SMTPConnection
    {
        let relay = "\(settings.host):\(settings.port)"
        let serverName = SMTPSettings.serverName(settings.host)
        let implicitTLS = settings.security == .tls ? tls : nil
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(settings.timeouts.connect)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let implicitTLS {
                            try pipeline.addHandler(
                                NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        try pipeline.addHandler(SMTPReplyHandler())
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError.setup("cannot connect to the SMTP relay \(relay): \(error)")
        }
        do {
            let wire = try await SMTPWire(channel: channel, timeouts: settings.timeouts)
            let extensions = try await setUp(wire, settings, tls: tls, serverName: serverName)
            return SMTPConnection(wire: wire, extensions: extensions)
        } catch {
            try? await channel.close()
            throw SMTPError.setup("the SMTP relay \(relay) could not be used: \(error)")
        }
    }

    /// Greeting, EHLO, STARTTLS and a second EHLO where asked for, AUTH where configured.
    private static func setUp(_ wire: SMTPWire, _ settings: SMTPSettings, tls: NIOSSLContext?, serverName: String?)
        async throws -> SMTPExtensions
    {
        let greeting = try await wire.unsolicitedReply(within: wire.timeouts.greeting)
        guard greeting.code == 220 else { throw SMTPError.setup("greeting: \(greeting)") }
        var extensions = try await hello(wire, settings.helo)
        if settings.security == .starttls, let tls {
            guard extensions.startTLS else {
                throw SMTPError.setup("it does not offer STARTTLS (ALUMNI_SMTP_SECURITY=tls for port 465)")
            }
            let reply = try await wire.command("STARTTLS")
            guard reply.code == 220 else { throw SMTPError.setup("STARTTLS: \(reply)") }
            try await wire.startTLS(tls, serverName: serverName)
            extensions = try await hello(wire, settings.helo)
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(wire, extensions.authMechanisms, username: username, password: password)
        }
        return extensions
    }

    /// EHLO, falling back to HELO for a server that knows no extensions.
    private static func hello(_ wire: SMTPWire, _ name: String) async throws -> SMTPExtensions {
        let reply = try await wire.command("EHLO \(name)")
        if reply.code == 250 { return SMTPExtensions(ehlo: reply) }
        let helo = try await wire.command("HELO \(name)")
        guard helo.code == 250 else { throw SMTPError.setup("HELO: \(helo)") }
        return SMTPExtensions()
    }

    /// AUTH PLAIN where offered, else LOGIN. The password is never part of an error.
    private static func authenticate(_ wire: SMTPWire, _ mechanisms: Set<String>, username: String, password: String)
        async throws
    {
        let base64 = { (text: String) in Data(text.utf8).base64EncodedString() }
        var reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            reply = try await wire.command("AUTH PLAIN " + base64("\0\(username)\0\(password)"))
        } else if mechanisms.contains("LOGIN") {
            reply = try await wire.command("AUTH LOGIN")
            for answer in [username, password] where reply.code == 334 {
                reply = try await wire.command(base64(answer))
            }
        } else {
            throw SMTPError.setup("it offers no login this transport knows (PLAIN or LOGIN)")
        }
        guard reply.code == 235 else { throw SMTPError.setup("it refused the login as \(username): \(reply)") }
    }

    /// Sends one message: MAIL, RCPT and DATA (in one flight where the server pipelines),
    /// then the content. A refusal leaves the session reset and usable for the next message.
    func send(from sender: String, to recipient: String, content: SMTPContent) async throws {
        if let limit = extensions.sizeLimit, content.size > limit {
            throw SMTPError.tooLarge(size: content.size, limit: limit)
        }
        guard SMTPConnection.isSafeAddress(recipient) else {
            throw SMTPError.refused(.recipient, SMTPReply(code: 553, lines: ["not an address SMTP can carry"]))
        }
        var mail = "MAIL FROM:<\(sender)>"
        if extensions.sizeDeclared { mail += " SIZE=\(content.size)" }
        if content.eightBit, extensions.eightBitMIME { mail += " BODY=8BITMIME" }
        if !recipient.allSatisfy(\.isASCII), extensions.smtpUTF8 { mail += " SMTPUTF8" }
        let steps: [(command: String, step: SMTPError.Step, accepted: Set<Int>)] = [
            (mail, .mail, [250]), ("RCPT TO:<\(recipient)>", .recipient, [250, 251]), ("DATA", .data, [354]),
        ]
        var replies: [SMTPReply] = []
        do {
            if extensions.pipelining {
                replies = try await wire.commands(steps.map(\.command), within: wire.timeouts.dataInitiation)
            } else {
                for step in steps {
                    let reply = try await wire.command(step.command)
                    replies.append(reply)
                    guard step.accepted.contains(reply.code) else { break }
                }
            }
        } catch let error as SMTPError where replies.isEmpty && error.isConnectionLost {
            // Closed, or reset (the server closed it as this message was being written), before
            // the server answered MAIL: it holds nothing of the message.
            throw SMTPError.closedBeforeMessage
        }
        if let (step, reply) = zip(steps, replies).first(where: { !$0.0.accepted.contains($0.1.code) }) {
            // A server that opened DATA although an earlier step failed gets an empty message to close it.
            if replies.count == 3, replies[2].code == 354 { _ = try await wire.command(".") }
            try await reset()
            throw SMTPError.refused(step.step, reply)
        }
        let verdict = try await wire.content(content.bytes)
        guard verdict.code == 250 else { throw SMTPError.refused(.content, verdict) }
    }

    /// RSET: the server forgets the transaction in progress.
    func reset() async throws {
        let reply = try await wire.command("RSET")
        guard reply.code == 250 else { throw SMTPError.setup("RSET: \(reply)") }
    }

    /// NOOP: checks that an idle connection still answers.
    func noop() async throws {
        let reply = try await wire.command("NOOP")
        guard reply.code == 250 else { throw SMTPError.setup("NOOP: \(reply)") }
    }

    /// QUIT, then close; a server that does not answer is closed all the same.
    func quit() async {
        _ = try? await wire.command("QUIT", within: min(wire.timeouts.command, .seconds(10)))
        await wire.close()
    }

    /// An address without line breaks, controls or angle brackets, which would change the command.
    static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty
            && address.unicodeScalars.allSatisfy {
                $0.value >= 0x21 && $0 != "<" && $0 != ">" && !(0x7F...0x9F).contains($0.value)
            }
    }
}
