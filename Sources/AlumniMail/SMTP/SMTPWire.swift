import NIOCore
import NIOSSL

/// The connection's channel seen as lines out and replies in: writes commands in one flush
/// and waits, each within its time limit, for a reply to each.
final class SMTPWire: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    let timeouts: SMTPTimeouts

    /// Wraps a channel whose pipeline ends in ``SMTPReplyHandler``; call on any thread.
    init(channel: any Channel, timeouts: SMTPTimeouts) async throws {
        self.channel = channel
        self.timeouts = timeouts
        self.handler = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
    }

    var isActive: Bool { channel.isActive }

    /// Puts TLS in front of everything else, after the server said yes to STARTTLS.
    func startTLS(_ context: NIOSSLContext, serverName: String?) async throws {
        try await channel.eventLoop.submit { [channel] in
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
    }

    /// Waits for a reply no command asked for (the greeting).
    func unsolicitedReply(within limit: TimeAmount) async throws -> SMTPReply {
        try await replies(count: 1, after: nil, within: limit)[0]
    }

    /// Sends one command and waits for its reply.
    func command(_ line: String, within limit: TimeAmount? = nil) async throws -> SMTPReply {
        try await commands([line], within: limit ?? timeouts.command)[0]
    }

    /// Writes the command lines in one flush and waits for a reply to each.
    func commands(_ lines: [String], within limit: TimeAmount) async throws -> [SMTPReply] {
        var buffer = channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.utf8.count + 2 })
        for line in lines {
            buffer.writeString(line)
            buffer.writeStaticString("\r\n")
        }
        return try await replies(count: lines.count, after: buffer, within: limit)
    }

    /// Writes a message's content (already dot-stuffed and closed) and waits for the verdict.
    func content(_ bytes: ByteBuffer) async throws -> SMTPReply {
        try await replies(count: 1, after: bytes, within: timeouts.dataTermination)[0]
    }

    func close() async {
        try? await channel.close()
    }

    private func replies(count: Int, after bytes: ByteBuffer?, within limit: TimeAmount) async throws -> [SMTPReply] {
        let channel = self.channel
        let handler = self.handler
        do {
            return try await channel.eventLoop.flatSubmit {
                let replies = (0..<count).map { _ in handler.value.nextReply(within: limit, on: channel.eventLoop) }
                if let bytes { channel.writeAndFlush(bytes, promise: nil) }
                return EventLoopFuture.whenAllSucceed(replies, on: channel.eventLoop)
            }.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connectionFailed(String(describing: error))
        }
    }
}
