import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 POST over SwiftNIO (with TLS for https), for the webhook transport: the
/// status the server answers. Foundation's URLSession would do the same, but it brings
/// libcurl and some thirty libraries into every start of `alumni` — a third of the start
/// of `alumni mail receive`, which a mail server runs once per message.
enum HTTPPost {
    static func send(
        _ body: Data, to url: URL, headers: [(String, String)], timeout: TimeAmount = .seconds(15),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Int {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host
        else {
            throw TransportError("the webhook address \(url) is not an http(s) URL")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let tls = scheme == "https" ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let answered = group.next().makePromise(of: Int.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls {
                            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: host))
                        }
                        try pipeline.addHTTPClientHandlers()
                        try pipeline.addHandler(StatusHandler(answered: answered))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            answered.fail(error)
            throw TransportError("cannot connect to the webhook at \(host):\(port): \(error)")
        }
        var head = HTTPRequestHead(
            version: .http1_1, method: .POST,
            uri: url.path.isEmpty ? "/" : url.path + (url.query.map { "?\($0)" } ?? ""))
        head.headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "Content-Length", value: String(body.count))
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let giveUp = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        defer {
            giveUp.cancel()
            channel.close(promise: nil)
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        return try await answered.futureResult.get()
    }

    /// Completes the promise with the response's status, or fails it when the connection ends first.
    private final class StatusHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        private let answered: EventLoopPromise<Int>
        private var done = false

        init(answered: EventLoopPromise<Int>) {
            self.answered = answered
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !done, case .head(let head) = unwrapInboundIn(data) else { return }
            done = true
            answered.succeed(Int(head.status.code))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(TransportError("the webhook connection failed: \(error)"))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(TransportError("the webhook closed the connection without answering"))
        }

        private func finish(_ error: TransportError) {
            guard !done else { return }
            done = true
            answered.fail(error)
        }
    }
}
