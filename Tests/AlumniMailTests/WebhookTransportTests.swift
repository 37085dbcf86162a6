import AlumniCore
import AlumniMail
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

/// A webhook receiver on loopback: answers every POST with `status` and keeps what it got.
private final class WebhookReceiver: Sendable {
    struct Request: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
    }

    /// What the receiver got, shared with its handlers.
    final class Log: Sendable {
        let requests = Mutex<[Request]>([])
    }

    let log = Log()
    private let channel: any Channel

    init(status: HTTPResponseStatus) async throws {
        let requests = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(status: status, requests: requests))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(channel.localAddress!.port!)/hooks/alumni?site=1")! }

    func stop() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let status: HTTPResponseStatus
        let requests: Log
        var head: HTTPRequestHead?
        var body = ""

        init(status: HTTPResponseStatus, requests: Log) {
            self.status = status
            self.requests = requests
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body(let buffer): body += String(buffer: buffer)
            case .end:
                let head = head!
                let received = Request(
                    path: head.uri, headers: Dictionary(head.headers.map { ($0.name, $0.value) }) { $1 }, body: body)
                requests.requests.withLock { $0.append(received) }
                var headers = HTTPHeaders([("Content-Length", "2")])
                headers.add(name: "Connection", value: "close")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}

@Suite struct WebhookTransportTests {
    private func message() -> OutboxMessage {
        OutboxMessage(
            id: 7, dedupeKey: "k", recipient: "anna@example.com", subject: "Hello", messageID: "<m7@example.com>",
            mime: Data(), payload: #"{"to":"anna@example.com"}"#, status: .queued, attempts: 0,
            nextAttemptAt: Date(), lastError: nil, createdAt: Date(), sentAt: nil)
    }

    @Test func aMessageIsPostedSignedSoTheReceiverCanCheckIt() async throws {
        let receiver = try await WebhookReceiver(status: .accepted)
        try await WebhookTransport(url: receiver.url, secret: "s3cret").send(message())
        try await receiver.stop()
        let request = try #require(receiver.log.requests.withLock { $0.first })
        #expect(request.path == "/hooks/alumni?site=1")
        #expect(request.body == #"{"to":"anna@example.com"}"#)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers[WebhookTransport.messageIDHeader] == "<m7@example.com>")
        let timestamp = try #require(request.headers[WebhookTransport.timestampHeader])
        #expect(
            request.headers[WebhookTransport.signatureHeader]
                == WebhookTransport.signature(body: Data(request.body.utf8), timestamp: timestamp, secret: "s3cret"))
    }

    @Test func anAnswerOutside2xxIsAFailureTheOutboxRetries() async throws {
        let receiver = try await WebhookReceiver(status: .internalServerError)
        await #expect(throws: TransportError.self) {
            try await WebhookTransport(url: receiver.url, secret: "s3cret").send(message())
        }
        try await receiver.stop()
    }

    @Test func nobodyListeningIsAFailureTooAndSoIsAnAddressThatIsNotHTTP() async throws {
        let receiver = try await WebhookReceiver(status: .ok)
        let url = receiver.url
        try await receiver.stop()
        await #expect(throws: TransportError.self) {
            try await WebhookTransport(url: url, secret: "s", timeout: .seconds(1)).send(message())
        }
        await #expect(throws: TransportError.self) {
            try await WebhookTransport(url: URL(string: "ftp://example.com/x")!, secret: "s").send(message())
        }
    }
}
