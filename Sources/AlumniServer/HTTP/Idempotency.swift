import AlumniStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// `Idempotency-Key` on writes: a retried request with the same key gets the first response
/// again and changes nothing; the same key with a different request is a 422. Keys belong to
/// the staff member who sent them.
///
/// The key is recorded in the transaction of the write itself (``IdempotencyClaim``), so a
/// write never happens twice: not after a crash between the write and keeping its response,
/// and not when two requests with one key race. A retry that finds the write done but no
/// response kept is a 409.
struct Idempotency {
    let store: Store

    func run(
        _ request: Request, body: ByteBuffer, context: AlumniRequestContext, _ work: () async throws -> APIResponse
    ) async throws -> Response {
        guard let key = request.headers[.idempotencyKey] else { return try await work().response }
        guard (1...255).contains(key.count) else {
            throw Problem(
                .badRequest, detail: "Idempotency-Key must be 1 to 255 characters",
                errors: [.init(field: "Idempotency-Key", reason: "must be 1 to 255 characters")])
        }
        let user = try context.requireUser()
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: Data(buffer: body))
        let claim = IdempotencyClaim(actor: user.name, key: key, requestHash: APITokens.hex(hasher.finalize()))
        if let record = try await store.idempotencyRecord(actor: claim.actor, key: key) {
            return try replay(record, to: claim)
        }
        let response: APIResponse
        do {
            response = try await IdempotencyClaim.$current.withValue(claim) { try await work() }
        } catch is IdempotencyKeyTaken {
            // Another request with this key wrote between our look and our write; ours was rolled back.
            guard let record = try await store.idempotencyRecord(actor: claim.actor, key: key) else { throw Self.lost }
            return try replay(record, to: claim)
        }
        try await store.storeResponse(
            StoredResponse(status: response.status.code, headers: response.headers, body: response.body), for: claim)
        return response.response
    }

    /// The first response to `claim`'s key, if it was the same request and its response was kept.
    private func replay(_ record: IdempotencyRecord, to claim: IdempotencyClaim) throws -> Response {
        guard record.requestHash == claim.requestHash else {
            throw Problem(
                .unprocessableContent, detail: "this Idempotency-Key was used for a different request",
                errors: [.init(field: "Idempotency-Key", reason: "was used for a different request")])
        }
        guard let stored = record.response else { throw Self.lost }
        var headers = stored.headers
        headers[HTTPField.Name.idempotentReplayed.canonicalName] = "true"
        return APIResponse(status: .init(code: stored.status), headers: headers, body: stored.body).response
    }

    private static let lost = Problem(
        .conflict,
        detail: """
            a request with this Idempotency-Key was carried out, but its response is not available: it is still \
            being answered, or the server stopped before keeping it. Read the resource to see its state.
            """,
        errors: [.init(field: "Idempotency-Key", reason: "was used by a request whose response was not kept")])
}
