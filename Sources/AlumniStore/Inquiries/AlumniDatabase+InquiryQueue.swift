import AlumniCore
import Foundation
import GRDB

/// A queue of inquiries as staff work it — the desk's home page — read at once.
public struct InquiryQueue: Sendable {
    /// The page of inquiries asked for, by next deadline.
    public var page: Page<Inquiry>
    /// How many inquiries each of the tabs asked for holds, in their order.
    public var counts: [Int]
    /// The display names of the page's people; erased people are missing.
    public var names: [Int64: String]
    /// The staff who can be given inquiries (disabled accounts left out), by name.
    public var activeStaff: [String]
    /// The organisation's calendar, whose business days and time zone the page shows deadlines in.
    public var calendar: BusinessCalendar
}

extension AlumniDatabase {
    /// One page of `query` with the counts of `tabs` (their paging aside), in one read. A tab
    /// whose conditions are the page's own is not counted twice.
    public func inquiryQueue(_ query: InquiryQuery, tabs: [InquiryQuery]) throws -> InquiryQueue {
        let now = clock.now()
        return try writer.read { db in
            let page = try inquiries(matching: query, now: now, in: db)
            let pageCondition = try query.whereClause(now: now)
            let counts = try tabs.map { tab in
                let condition = try tab.whereClause(now: now)
                if condition.0 == pageCondition.0, condition.1 == pageCondition.1 { return page.total }
                return try Self.countInquiries(where: condition.0, condition.1, in: db)
            }
            return InquiryQueue(
                page: page, counts: counts, names: try personNames(ids: Set(page.items.map(\.personId)), in: db),
                activeStaff: try users(in: db).filter { $0.disabledAt == nil }.map(\.name),
                calendar: try businessCalendar(in: db))
        }
    }
}
