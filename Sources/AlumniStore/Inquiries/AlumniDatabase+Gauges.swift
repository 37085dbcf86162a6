import Foundation
import GRDB

/// How many inquiries stand open, overdue and silent right now.
public struct InquiryGauges: Sendable, Equatable {
    public var open: Int
    public var overdue: Int
    public var silent: Int
}

extension InquiryGauges {
    /// One query counting all three at `now`, each count an indexed lookup; the same on both stores.
    static func sql(now: Date) -> (sql: String, values: [DatabaseValue]) {
        (
            """
            SELECT (SELECT COUNT(*) FROM inquiry WHERE status <> 'closed') AS open,
                   (SELECT COUNT(*) FROM inquiry WHERE next_due_at <= ?) AS overdue,
                   (SELECT COUNT(*) FROM inquiry WHERE silent_at <= ?) AS silent
            """, [now.stored.databaseValue, now.stored.databaseValue]
        )
    }

    init(row: Row) {
        self.init(open: row["open"], overdue: row["overdue"], silent: row["silent"])
    }
}

extension AlumniDatabase {
    /// Counts for monitoring; each is one indexed query.
    public func inquiryGauges() throws -> InquiryGauges {
        let (sql, values) = InquiryGauges.sql(now: clock.now())
        return try writer.read { db in
            try Row.fetchOne(db, sql: sql, arguments: StatementArguments(values)).map(InquiryGauges.init(row:))
                ?? InquiryGauges(open: 0, overdue: 0, silent: 0)
        }
    }
}
