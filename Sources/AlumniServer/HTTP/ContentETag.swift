import Crypto
import Foundation
import HTTPTypes
import Hummingbird

extension APIResponse {
    /// The response with an `ETag` of its body; a 304 without the body when the request's
    /// `If-None-Match` names that tag already, so polling a resource that did not change costs
    /// one read and no transfer.
    func tagged(for request: Request) -> Response {
        let digest = SHA256.hash(data: body).prefix(12).map { String(format: "%02x", $0) }.joined()
        let tag = "\"\(digest)\""
        let known = request.headers[.ifNoneMatch].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        guard known.contains(tag) || known.contains("*") else {
            var tagged = self
            tagged.headers["ETag"] = tag
            return tagged.response
        }
        return Response(status: .notModified, headers: [.eTag: tag])
    }
}
