import AlumniCore
import AlumniMail
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct TransportTests {
    private func message(payload: String = #"{"kind":"silent","inquiryId":7}"#) -> OutboxMessage {
        OutboxMessage(
            id: 1, dedupeKey: "k", recipient: "r@example.com", subject: "s", messageID: "<m@x>",
            mime: Data("mail".utf8),
            payload: payload, status: .queued, attempts: 0, nextAttemptAt: .now, lastError: nil, createdAt: .now,
            sentAt: nil)
    }

    /// A receiver that checks the signature like a chat tool or incident system would.
    private func receiver(received: Received) -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let timestamp = request.headers[HTTPField.Name(WebhookTransport.timestampHeader)!] ?? ""
            let signature = request.headers[HTTPField.Name(WebhookTransport.signatureHeader)!] ?? ""
            let expected = WebhookTransport.signature(body: Data(buffer: body), timestamp: timestamp, secret: "s3cret")
            guard signature == expected else { return .unauthorized }
            received.append(String(buffer: body))
            return .noContent
        }
        router.post("down") { _, _ -> HTTPResponse.Status in .internalServerError }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var bodies: [String] = []
        func append(_ body: String) { lock.withLock { bodies.append(body) } }
        var all: [String] { lock.withLock { bodies } }
    }

    @Test func webhooksAreSignedAndA500IsAFailure() async throws {
        let received = Received()
        try await receiver(received: received).test(.live) { client in
            let port = try #require(client.port)
            let good = WebhookTransport(url: URL(string: "http://127.0.0.1:\(port)/hook")!, secret: "s3cret")
            try await good.send(message())
            #expect(received.all == [#"{"kind":"silent","inquiryId":7}"#])

            let wrongSecret = WebhookTransport(url: URL(string: "http://127.0.0.1:\(port)/hook")!, secret: "guess")
            await #expect(throws: TransportError.self) { try await wrongSecret.send(message()) }
            let down = WebhookTransport(url: URL(string: "http://127.0.0.1:\(port)/down")!, secret: "s3cret")
            let error = await #expect(throws: TransportError.self) { try await down.send(message()) }
            #expect(error?.description == "webhook answered 500")
        }
    }

    @Test func aMissingSendmailProgramIsAClearFailure() async throws {
        let transport = SendmailTransport(
            path: "/nonexistent/sendmail", returnPath: ReturnPath(fixed: "desk@example.com"))
        let error = await #expect(throws: TransportError.self) { try await transport.send(message()) }
        #expect(error?.description.contains("/nonexistent/sendmail") == true)
    }

    @Test func theFileTransportWritesOneEmlPerMessage() async throws {
        let folder = try TemporaryFolder("alumni-eml")
        try await FileTransport(directory: folder.url).send(message())
        #expect(try Data(contentsOf: folder.file("1.eml")) == Data("mail".utf8))
    }
}
