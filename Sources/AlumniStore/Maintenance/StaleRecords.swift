import AlumniCore
import Foundation
import GRDB

/// The records that expire, as `DELETE` statements with their cut-offs, run by both stores on
/// every alert scan. In each list the statement whose count the caller reports comes last.
enum StaleRecords {
    typealias Statement = (sql: String, values: [DatabaseValue])

    /// Idempotency keys and their responses older than ``IdempotencyRecord/lifetime``.
    static func idempotency(now: Date) -> [Statement] {
        [("DELETE FROM idempotency_record WHERE created_at < ?", [cutOff(now, IdempotencyRecord.lifetime)])]
    }

    /// Failed sign-ins older than a day and desk sessions unused for 30 days (longer than any
    /// session may be set to last).
    static func deskSessions(now: Date) -> [Statement] {
        [
            ("DELETE FROM sign_in_failure WHERE last_failed_at < ?", [cutOff(now, 86_400)]),
            ("DELETE FROM desk_session WHERE last_seen_at < ?", [cutOff(now, 30 * 86_400)]),
        ]
    }

    /// Link-request counts of past windows, portal links and sessions a day after they could last
    /// have been used, and unconfirmed questions of people not in the directory once their day is over.
    static func portal(now: Date, policy: PortalPolicy) -> [Statement] {
        [
            ("DELETE FROM portal_throttle WHERE window_start < ?", [cutOff(now, policy.requestWindow)]),
            ("DELETE FROM portal_link WHERE expires_at < ?", [cutOff(now, 86_400)]),
            ("DELETE FROM portal_registration WHERE expires_at <= ?", [cutOff(now, 0)]),
            ("DELETE FROM portal_session WHERE created_at < ?", [cutOff(now, policy.absoluteTimeout + 86_400)]),
        ]
    }

    /// Every list, for a store that purges them together.
    static func all(now: Date) -> [Statement] {
        idempotency(now: now) + deskSessions(now: now) + portal(now: now, policy: PortalPolicy())
    }

    private static func cutOff(_ now: Date, _ age: TimeInterval) -> DatabaseValue {
        now.addingTimeInterval(-age).stored.databaseValue
    }
}

extension AlumniDatabase {
    /// Runs `statements` in one transaction; returns how many rows the last one deleted.
    func purge(_ statements: [StaleRecords.Statement]) throws -> Int {
        try write { db in
            for statement in statements {
                try db.execute(sql: statement.sql, arguments: StatementArguments(statement.values))
            }
            return db.changesCount
        }
    }
}
