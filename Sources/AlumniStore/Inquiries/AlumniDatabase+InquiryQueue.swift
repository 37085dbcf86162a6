import AlumniCore
import Foundation
import GRDB

/// A queue of inquiries as staff work it — the desk's home page — read at once.
public struct InquiryQueue: Sendable {
    /// The page of inquiries asked for, by next deadline. Its total is counted up to
    /// ``countLimit`` and one more.
    public var page: Page<Inquiry>
    /// How many inquiries each of the tabs asked for holds, in their order, counted up to
    /// ``countLimit`` and one more.
    public var counts: [Int]
    /// Counts stop past this many: a count above it means "more than this". Counting every
    /// overdue case of a million on each page view would cost more than the page.
    public var countLimit: Int
    /// The display names of the page's people; erased people are missing.
    public var names: [Int64: String]
    /// The staff who can be given inquiries (disabled accounts left out), by name.
    public var activeStaff: [String]
    /// How the page's inquiries stand: their conditions, and the calendar whose business days
    /// and time zone the page shows deadlines in.
    public var standing: InquiryStanding
}

extension AlumniDatabase {
    /// One page of `query` with the counts of `tabs` (their paging aside), in one read, each as
    /// `actor` may see it (``scoped(_:for:)``). A tab whose conditions are the page's own is not
    /// counted twice. Counting stops past `countLimit`, or past the page asked for when it lies
    /// further on.
    public func inquiryQueue(
        _ query: InquiryQuery, tabs: [InquiryQuery], as actor: Caller, countLimit: Int = listCountLimit
    ) throws -> InquiryQueue {
        let query = try scoped(query, for: actor)
        let tabs = try tabs.map { try scoped($0, for: actor) }
        let now = clock.now()
        let limit = max(countLimit, query.offset + query.limit)
        return try writer.read { db in
            let (pageSQL, pageArguments) = try query.whereClause(now: now)
            let total = try Self.countInquiries(where: pageSQL, pageArguments, upTo: limit + 1, in: db)
            let page = Page(
                items: try inquiryRows(matching: query, where: pageSQL, pageArguments, in: db), total: total,
                limit: query.limit, offset: query.offset, countLimit: limit)
            let counts = try tabs.map { tab in
                let (sql, arguments) = try tab.whereClause(now: now)
                if sql == pageSQL, arguments == pageArguments { return total }
                return try Self.countInquiries(where: sql, arguments, upTo: limit + 1, in: db)
            }
            return InquiryQueue(
                page: page, counts: counts, countLimit: limit,
                names: try personNames(ids: Set(page.items.map(\.personId)), in: db),
                activeStaff: try users(in: db).filter { $0.disabledAt == nil }.map(\.name),
                standing: try inquiryStanding(at: now, in: db))
        }
    }
}
