import Foundation
import GRDB

/// A response kept for an `Idempotency-Key`, replayed when the same request comes again.
public struct StoredResponse: Equatable, Sendable {
    public var requestHash: String
    public var status: Int
    /// Header name and value pairs worth replaying (Content-Type, ETag, Location).
    public var headers: [String: String]
    public var body: Data

    public init(requestHash: String, status: Int, headers: [String: String], body: Data) {
        self.requestHash = requestHash
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension AlumniDatabase {
    /// The response stored for `key` by `actor`, if any.
    public func storedResponse(actor: String, key: String) throws -> StoredResponse? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM idempotency_record WHERE actor = ? AND key = ?", arguments: [actor, key])
            else { return nil }
            let headers =
                (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String).utf8))) ?? [:]
            return StoredResponse(
                requestHash: row["request_hash"], status: row["status"], headers: headers, body: row["body"])
        }
    }

    /// Keeps a response for `key`; the first one stored wins.
    public func storeResponse(_ response: StoredResponse, actor: String, key: String) throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO idempotency_record (actor, key, request_hash, status, headers, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    actor, key, response.requestHash, response.status, headers, response.body, clock.now().stored,
                ])
        }
    }
}
