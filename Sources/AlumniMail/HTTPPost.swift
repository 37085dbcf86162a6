import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP POST for the webhook transport, over AsyncHTTPClient's shared client (SwiftNIO,
/// TLS for https): the status the server answers. Foundation's URLSession would do the same,
/// but it brings libcurl and some thirty libraries into every start of `alumni` — a third of
/// the start of `alumni mail receive`, which a mail server runs once per message.
enum HTTPPost {
    static func send(
        _ body: Data, to url: URL, headers: [(String, String)], timeout: TimeAmount = .seconds(15)
    ) async throws -> Int {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else {
            throw TransportError("the webhook address \(url) is not an http(s) URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            // The answer's words are not ours to keep; reading them frees the connection.
            _ = try await response.body.collect(upTo: 64 * 1024)
            return Int(response.status.code)
        } catch {
            throw TransportError("the webhook at \(url.host ?? "") did not answer: \(error)")
        }
    }
}
