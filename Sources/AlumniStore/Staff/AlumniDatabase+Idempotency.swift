import Foundation
import GRDB
import Synchronization

/// An `Idempotency-Key` claimed by the write it guards. While a claim is ``current``, the first
/// write transaction of the task records the key in that same transaction, so the write and its
/// key commit together or not at all: a retry after a crash finds the key and writes nothing,
/// and of two requests racing with one key only the first can commit.
public final class IdempotencyClaim: Sendable {
    /// The claim of the request this task is handling, if it sent a key.
    @TaskLocal public static var current: IdempotencyClaim?

    public let actor: String
    public let key: String
    /// What the request was (method, path, body), to tell a retry from another request.
    public let requestHash: String
    private let recorded = Atomic<Bool>(false)

    public init(actor: String, key: String, requestHash: String) {
        self.actor = actor
        self.key = key
        self.requestHash = requestHash
    }

    /// Records the key in `db`'s transaction, unless an earlier transaction of this request did.
    /// Throws ``IdempotencyKeyTaken`` when another request holds the key.
    fileprivate func record(in db: Database, at now: Date) throws -> Bool {
        guard !isRecorded else { return false }
        do {
            for (sql, values) in claimStatements(at: now) {
                try db.execute(sql: sql, arguments: StatementArguments(values))
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw IdempotencyKeyTaken()
        }
        return true
    }

    /// Whether a transaction of this request recorded the key already.
    var isRecorded: Bool { recorded.load(ordering: .relaxed) }

    func markRecorded() { recorded.store(true, ordering: .relaxed) }

    /// The statements that record the key at `now`: a key kept longer than a day has expired
    /// and may be used again; a key another request holds fails the insert on the primary key.
    func claimStatements(at now: Date) -> [(sql: String, values: [DatabaseValue])] {
        [
            (
                "DELETE FROM idempotency_record WHERE actor = ? AND key = ? AND created_at < ?",
                [
                    actor.databaseValue, key.databaseValue,
                    now.addingTimeInterval(-IdempotencyRecord.lifetime).stored.databaseValue,
                ]
            ),
            (
                """
                INSERT INTO idempotency_record (actor, key, request_hash, status, headers, body, answered, created_at)
                VALUES (?, ?, ?, 0, '{}', ?, FALSE, ?)
                """,
                [
                    actor.databaseValue, key.databaseValue, requestHash.databaseValue, Data().databaseValue,
                    now.stored.databaseValue,
                ]
            ),
        ]
    }
}

/// Another request with the same `Idempotency-Key` wrote first; this one changed nothing.
public struct IdempotencyKeyTaken: Error {}

/// What is kept for an `Idempotency-Key`, for a day.
public struct IdempotencyRecord: Equatable, Sendable {
    /// How long a key and its response are kept: a retry comes within minutes, and a kept
    /// response may show personal data.
    public static let lifetime: TimeInterval = 24 * 3600

    public var requestHash: String
    /// The first response, replayed to retries; nil while the first request is still being
    /// answered, or when the server stopped after its write committed but before this was kept.
    public var response: StoredResponse?

    public init(requestHash: String, response: StoredResponse? = nil) {
        self.requestHash = requestHash
        self.response = response
    }
}

/// A response kept for an `Idempotency-Key`, replayed when the same request comes again.
public struct StoredResponse: Equatable, Sendable {
    public var status: Int
    /// Header name and value pairs worth replaying (Content-Type, ETag, Location).
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension AlumniDatabase {
    /// A write transaction that also records the current ``IdempotencyClaim``, if there is one.
    /// Every write a request can make goes through here.
    /// A lock held past the busy timeout by another process is ``StoreError/busy``; a full disk,
    /// a read-only file system, an I/O error or a damaged file is a ``StorageFault`` (logged, and
    /// kept for ``writeFault()`` until a write succeeds).
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            let result: T
            if let claim = IdempotencyClaim.current {
                var recorded = false
                result = try writer.write { db in
                    recorded = try claim.record(in: db, at: clock.now())
                    return try updates(db)
                }
                if recorded { claim.markRecorded() }
            } else {
                result = try writer.write(updates)
            }
            storageHealth.succeeded()
            return result
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw StoreError.busy
        } catch let error as DatabaseError {
            guard let fault = StorageFault(error, path: path) else { throw error }
            storageHealth.failed(fault, at: clock.now())
            logger.error(
                "storage fault",
                metadata: ["storage.fault": "\(fault.kind.rawValue)", "storage.cause": "\(fault.cause)"])
            throw fault
        }
    }

    /// What is kept for `key` sent by `actor`, if anything (an expired key keeps nothing).
    public func idempotencyRecord(actor: String, key: String) throws -> IdempotencyRecord? {
        let (sql, values) = IdempotencyRows.record(actor: actor, key: key, now: clock.now())
        return try writer.read { db in
            try Row.fetchOne(db, sql: sql, arguments: StatementArguments(values)).map(IdempotencyRows.record(from:))
        }
    }

    /// Keeps the response to the request `claim` stands for; the first response kept wins.
    public func storeResponse(_ response: StoredResponse, for claim: IdempotencyClaim) throws {
        let (sql, values) = try IdempotencyRows.keep(response, for: claim, now: clock.now())
        try writer.write { db in try db.execute(sql: sql, arguments: StatementArguments(values)) }
    }

    /// Deletes the keys and responses older than ``IdempotencyRecord/lifetime``; returns how many.
    @discardableResult
    public func purgeExpiredIdempotencyRecords() throws -> Int {
        try purge(StaleRecords.idempotency(now: clock.now()))
    }
}

/// The SQL of idempotency records, the same on both stores.
enum IdempotencyRows {
    /// The record kept for `key` sent by `actor`, unless it expired.
    static func record(actor: String, key: String, now: Date) -> (sql: String, values: [DatabaseValue]) {
        (
            "SELECT * FROM idempotency_record WHERE actor = ? AND key = ? AND created_at >= ?",
            [
                actor.databaseValue, key.databaseValue,
                now.addingTimeInterval(-IdempotencyRecord.lifetime).stored.databaseValue,
            ]
        )
    }

    static func record(from row: Row) -> IdempotencyRecord {
        guard row["answered"] as Bool else { return IdempotencyRecord(requestHash: row["request_hash"]) }
        let headers =
            (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String).utf8))) ?? [:]
        return IdempotencyRecord(
            requestHash: row["request_hash"],
            response: StoredResponse(status: row["status"], headers: headers, body: row["body"]))
    }

    /// Keeps `response` for `claim`'s key; the first response kept wins.
    static func keep(_ response: StoredResponse, for claim: IdempotencyClaim, now: Date) throws
        -> (sql: String, values: [DatabaseValue])
    {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        return (
            """
            INSERT INTO idempotency_record (actor, key, request_hash, status, headers, body, answered, created_at)
            VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)
            ON CONFLICT (actor, key) DO UPDATE
            SET status = excluded.status, headers = excluded.headers, body = excluded.body, answered = TRUE
            WHERE NOT idempotency_record.answered AND idempotency_record.request_hash = excluded.request_hash
            """,
            [
                claim.actor.databaseValue, claim.key.databaseValue, claim.requestHash.databaseValue,
                response.status.databaseValue, headers.databaseValue, response.body.databaseValue,
                now.stored.databaseValue,
            ]
        )
    }
}
