import AlumniWeb
import Foundation
import HTTPTypes
import Hummingbird

extension APIResponse {
    /// `value` as JSON with an `ETag` of its content (keys sorted, so the same content has the
    /// same tag); a 304 without the body when the request's `If-None-Match` names that tag
    /// already, so polling a resource that did not change costs one read and no transfer.
    static func tagged(_ value: some Encodable, for request: Request) throws -> Response {
        let body = try stableEncoder.encode(value)
        let tag = EntityTag.of(body)
        guard EntityTag.matches(request.headers[.ifNoneMatch], tag) else {
            return APIResponse(
                status: .ok, headers: ["Content-Type": "application/json", "ETag": tag], body: body
            ).response
        }
        return Response(status: .notModified, headers: [.eTag: tag])
    }

    private static let stableEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = APIResponse.encoder.dateEncodingStrategy
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()
}
