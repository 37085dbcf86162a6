import AlumniCore
import Foundation
import HTTPTypes
import Hummingbird

/// A response before it is sent: kept as bytes so an idempotent write can store and replay it.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: [String: String]
    var body: Data

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // ISO 8601 in UTC, written by hand: Foundation's formatter was most of the cost of a page of inquiries.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(iso8601(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// `2026-11-23T09:05:00Z`: whole seconds, UTC.
    static func iso8601(_ date: Date) -> String { UTCTimestamp.iso8601(date) }

    /// `value` as JSON with `status`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: [String: String] = [:]) throws
        -> APIResponse
    {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return APIResponse(status: status, headers: headers, body: try encoder.encode(value))
    }

    /// `value` as JSON with `status`, written without `JSONEncoder`.
    static func json(
        _ value: some JSONObjectWritable, status: HTTPResponse.Status = .ok, headers: [String: String] = [:]
    ) -> APIResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        var object = JSONObjectWriter()
        value.write(to: &object)
        return APIResponse(status: status, headers: headers, body: Data(object.finished()))
    }

    /// An empty response (204).
    static var noContent: APIResponse { APIResponse(status: .noContent, headers: [:], body: Data()) }

    var response: Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIResponse: ResponseGenerator {
    func response(from request: Request, context: some RequestContext) throws -> Response { response }
}
