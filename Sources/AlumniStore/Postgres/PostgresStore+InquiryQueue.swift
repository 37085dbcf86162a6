import AlumniCore
import Foundation
import GRDB

/// The desk's queue on PostgreSQL: `InquiryQueue` from the SQL SQLite's queue runs, in one snapshot.
extension PostgresStore {
    public func inquiryQueue(
        _ query: InquiryQuery, tabs: [InquiryQuery], as actor: Caller,
        countLimit: Int = AlumniDatabase.listCountLimit
    ) async throws -> InquiryQueue {
        let query = try await scoped(query, for: actor)
        var scopedTabs: [InquiryQuery] = []
        for tab in tabs { scopedTabs.append(try await scoped(tab, for: actor)) }
        let now = clock.now()
        let limit = max(countLimit, query.offset + query.limit)
        let standing = try await inquiryStanding()
        let activeStaff = try await users().filter { $0.disabledAt == nil }.map(\.name)
        let (pageSQL, pageArguments) = try query.whereClause(now: now)
        let tabClauses = try scopedTabs.map { try $0.whereClause(now: now) }
        return try await snapshot { connection in
            func count(_ sql: String, _ arguments: [DatabaseValue]) async throws -> Int {
                try await rows(
                    InquiryRows.countSQL(where: sql, capped: true), arguments + [(limit + 1).databaseValue],
                    on: connection
                ).first.map { $0[0] as Int } ?? 0
            }
            let total = try await count(pageSQL, pageArguments)
            let items = try await rows(
                InquiryRows.pageSQL(where: pageSQL, order: query.orderSQL),
                pageArguments + [query.limit.databaseValue, query.offset.databaseValue], on: connection
            ).map { Inquiry(ordered: NamedColumns(row: $0)) }
            var counts: [Int] = []
            for (sql, arguments) in tabClauses {
                counts.append(sql == pageSQL && arguments == pageArguments ? total : try await count(sql, arguments))
            }
            let ids = Set(items.map(\.personId))
            let names =
                ids.isEmpty
                ? [:]
                : PersonRows.names(try await rows(PersonRows.namesSQL(count: ids.count), Array(ids), on: connection))
            return InquiryQueue(
                page: Page(
                    items: query.withText ? items : items.map { $0.withoutText() }, total: total, limit: query.limit,
                    offset: query.offset, countLimit: limit),
                counts: counts, countLimit: limit, names: names, activeStaff: activeStaff, standing: standing)
        }
    }
}
