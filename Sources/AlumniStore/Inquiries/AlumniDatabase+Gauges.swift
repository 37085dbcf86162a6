import GRDB

/// How many inquiries stand open, overdue and silent right now.
public struct InquiryGauges: Sendable, Equatable {
    public var open: Int
    public var overdue: Int
    public var silent: Int
}

extension AlumniDatabase {
    /// Counts for monitoring; each is one indexed query.
    public func inquiryGauges() throws -> InquiryGauges {
        let now = clock.now().stored
        return try writer.read { db in
            InquiryGauges(
                open: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inquiry WHERE status != 'closed'") ?? 0,
                overdue: try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM inquiry WHERE next_due_at <= ?", arguments: [now]) ?? 0,
                silent: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inquiry WHERE silent_at <= ?", arguments: [now])
                    ?? 0)
        }
    }
}
