import AlumniStore
import Crypto
import Foundation
import Hummingbird

/// `Idempotency-Key` on writes: a retried request with the same key gets the first response
/// again and changes nothing; the same key with a different request is a 422. Keys belong to
/// the staff member who sent them.
struct Idempotency {
    let database: AlumniDatabase

    func run(
        _ request: Request, body: ByteBuffer, context: AlumniRequestContext, _ work: () throws -> APIResponse
    ) throws -> Response {
        guard let key = request.headers[.idempotencyKey] else { return try work().response }
        guard (1...255).contains(key.count) else {
            throw Problem(
                .badRequest, detail: "Idempotency-Key must be 1 to 255 characters",
                errors: [.init(field: "Idempotency-Key", reason: "must be 1 to 255 characters")])
        }
        let user = try context.requireUser()
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: Data(buffer: body))
        let hash = APITokens.hex(hasher.finalize())
        if let stored = try database.storedResponse(actor: user.name, key: key) {
            guard stored.requestHash == hash else {
                throw Problem(
                    .unprocessableContent, detail: "this Idempotency-Key was used for a different request",
                    errors: [.init(field: "Idempotency-Key", reason: "was used for a different request")])
            }
            var headers = stored.headers
            headers["Idempotent-Replayed"] = "true"
            return APIResponse(status: .init(code: stored.status), headers: headers, body: stored.body).response
        }
        let response = try work()
        try database.storeResponse(
            StoredResponse(
                requestHash: hash, status: response.status.code, headers: response.headers, body: response.body),
            actor: user.name, key: key)
        return response.response
    }
}
