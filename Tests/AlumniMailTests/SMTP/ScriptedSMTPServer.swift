import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A small SMTP server on loopback whose replies the test scripts: what it offers, which
/// recipients it refuses, what it answers to each message, when it drops the connection or
/// falls silent. It records every command and every message it accepted.
final class ScriptedSMTPServer: Sendable {
    struct Script: Sendable {
        var extensions = ["PIPELINING", "SIZE 10000000", "8BITMIME"]
        /// When set, MAIL needs a successful AUTH with these.
        var credentials: (username: String, password: String)?
        /// Replies to RCPT TO for some addresses (others: 250).
        var recipientReplies: [String: String] = [:]
        /// Replies to the end of each message, in turn (then 250).
        var contentReplies: [String] = []
        /// Holds the replies to MAIL and RCPT until DATA arrives, as a pipelining server may
        /// (RFC 2920): a client that waits for each reply before the next command never gets one.
        var holdRepliesUntilData = false
        /// Closes the connection when the first message's content starts arriving.
        var dropDuringFirstContent = false
        /// Never answers MAIL.
        var silentOnMail = false
        /// Closes the connection after each accepted message, as an impatient server would.
        var closeAfterEachMessage = false
        /// Resets the connection (TCP RST, no reply) when a second message begins on it.
        var resetOnSecondMessage = false
    }

    struct Received: Sendable, Equatable {
        var sender: String
        var recipient: String
        /// The content as the client wrote it, dot-stuffed, without the closing line.
        var wire: String
    }

    private struct Record {
        var commands: [String] = []
        var messages: [Received] = []
        var connections = 0
        var open = 0
        var mostOpenAtOnce = 0
        var contentRepliesLeft: [String]
        var droppedOnce = false
    }

    /// What every session saw, shared between them.
    private final class Log: Sendable {
        let state: Mutex<Record>
        init(_ record: Record) { state = Mutex(record) }
    }

    let script: Script
    private let log: Log
    private let channel: any Channel

    var port: Int { channel.localAddress!.port! }
    var commands: [String] { log.state.withLock { $0.commands } }
    var messages: [Received] { log.state.withLock { $0.messages } }
    var connections: Int { log.state.withLock { $0.connections } }
    var mostOpenAtOnce: Int { log.state.withLock { $0.mostOpenAtOnce } }

    init(_ script: Script = Script()) async throws {
        self.script = script
        let log = Log(Record(contentRepliesLeft: script.contentReplies))
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Session(script: script, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async {
        try? await channel.close()
    }

    /// One client's session.
    private final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let script: Script
        let log: Log
        private var pending = ""
        private var held: [String] = []
        private var inContent = false
        private var acceptedHere = 0
        private var content: [String] = []
        private var sender = ""
        private var recipients: [String] = []
        private var authenticated = false
        private var loginStep = 0
        private var loginUser = ""

        init(script: Script, log: Log) {
            self.script = script
            self.log = log
        }

        func channelActive(context: ChannelHandlerContext) {
            log.state.withLock {
                $0.connections += 1
                $0.open += 1
                $0.mostOpenAtOnce = max($0.mostOpenAtOnce, $0.open)
            }
            reply(context, "220 scripted.test ESMTP")
        }

        func channelInactive(context: ChannelHandlerContext) {
            log.state.withLock { $0.open -= 1 }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let newline = pending.range(of: "\r\n") {
                let line = String(pending[..<newline.lowerBound])
                pending.removeSubrange(..<newline.upperBound)
                guard context.channel.isActive else { return }
                inContent ? contentLine(context, line) : command(context, line)
            }
        }

        private func contentLine(_ context: ChannelHandlerContext, _ line: String) {
            let first = log.state.withLock { record -> Bool in
                defer { record.droppedOnce = true }
                return !record.droppedOnce
            }
            if script.dropDuringFirstContent, first { return context.close(promise: nil) }
            guard line == "." else { return content.append(line) }
            inContent = false
            let verdict = log.state.withLock {
                $0.contentRepliesLeft.isEmpty ? "250 2.0.0 queued" : $0.contentRepliesLeft.removeFirst()
            }
            if verdict.hasPrefix("250") {
                let received = recipients.map {
                    Received(sender: sender, recipient: $0, wire: content.joined(separator: "\r\n"))
                }
                log.state.withLock { $0.messages += received }
                acceptedHere += 1
            }
            content = []
            reply(context, verdict)
            if script.closeAfterEachMessage { context.close(promise: nil) }
        }

        private func command(_ context: ChannelHandlerContext, _ line: String) {
            log.state.withLock { $0.commands.append(line.hasPrefix("AUTH") ? "AUTH" : line) }
            if loginStep > 0 { return login(context, line) }
            let verb = line.prefix(4).uppercased()
            switch verb {
            case "EHLO":
                let lines = ["scripted.test"] + script.extensions
                reply(context, lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)" })
            case "AUTH":
                authenticate(context, line)
            case "MAIL":
                if script.silentOnMail { return }
                if script.resetOnSecondMessage, acceptedHere > 0 {
                    let channel = context.channel
                    _ = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0)).always {
                        _ in channel.close(promise: nil)
                    }
                    return
                }
                guard script.credentials == nil || authenticated else {
                    return reply(context, "530 5.7.0 log in first")
                }
                sender = Self.address(in: line)
                recipients = []
                hold(context, "250 2.1.0 ok")
            case "RCPT":
                let address = Self.address(in: line)
                let answer = script.recipientReplies[address] ?? "250 2.1.5 ok"
                if answer.hasPrefix("250") { recipients.append(address) }
                hold(context, answer)
            case "DATA":
                let answer = recipients.isEmpty ? "554 5.5.1 no valid recipients" : "354 go ahead"
                inContent = !recipients.isEmpty
                reply(context, held + [answer])
                held = []
            case "RSET":
                sender = ""
                recipients = []
                reply(context, "250 2.0.0 reset")
            case "NOOP": reply(context, "250 2.0.0 ok")
            case "QUIT":
                reply(context, "221 2.0.0 bye")
                context.close(promise: nil)
            default: reply(context, "502 5.5.2 not implemented")
            }
        }

        private func authenticate(_ context: ChannelHandlerContext, _ line: String) {
            let words = line.split(separator: " ").map(String.init)
            if words.count >= 2, words[1].uppercased() == "LOGIN" {
                loginStep = 1
                return reply(context, "334 VXNlcm5hbWU6")
            }
            guard words.count == 3, let data = Data(base64Encoded: words[2]) else {
                return reply(context, "501 5.5.2 bad AUTH")
            }
            let parts = String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
            verify(context, user: parts.count == 3 ? String(parts[1]) : "", password: parts.last.map(String.init) ?? "")
        }

        private func login(_ context: ChannelHandlerContext, _ line: String) {
            let text = Data(base64Encoded: line).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if loginStep == 1 {
                loginUser = text
                loginStep = 2
                return reply(context, "334 UGFzc3dvcmQ6")
            }
            loginStep = 0
            verify(context, user: loginUser, password: text)
        }

        private func verify(_ context: ChannelHandlerContext, user: String, password: String) {
            authenticated = script.credentials.map { $0.username == user && $0.password == password } ?? false
            reply(context, authenticated ? "235 2.7.0 welcome" : "535 5.7.8 authentication failed")
        }

        private func hold(_ context: ChannelHandlerContext, _ answer: String) {
            if script.holdRepliesUntilData { held.append(answer) } else { reply(context, answer) }
        }

        private func reply(_ context: ChannelHandlerContext, _ line: String) { reply(context, [line]) }

        /// Writes whole reply lines, in one flush.
        private func reply(_ context: ChannelHandlerContext, _ lines: [String]) {
            let text = lines.map { $0 + "\r\n" }.joined()
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }

        private static func address(in line: String) -> String {
            guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return "" }
            return String(line[line.index(after: open)..<close])
        }
    }
}
