import AlumniCore
import Foundation
import GRDB

/// The desk's person page on PostgreSQL: SQLite's reads of ``PersonRecord``, in one snapshot;
/// the pension arrangements read after it, that read audited.
extension PostgresStore {
    public func personRecord(id: Int64, as viewer: Caller) async throws -> PersonRecord {
        try await authorize(.readPeople, viewer, personId: id)
        let now = clock.now()
        let limit = AlumniDatabase.personRecordLimit
        let queries = PersonRecord.inquiryQueries(personId: id, viewer: viewer)
        let clauses = try queries.map { try $0.whereClause(now: now) }
        var record = try await snapshot { connection in
            let person = try await person(id: id, on: connection)
            guard person.erasedAt == nil,
                let standing = try await rows(PersonRecord.standingSQL, [id], on: connection).first
            else { throw StoreError.notFound("person #\(id)") }
            var inquiries: [Inquiry] = []
            for (query, (sql, arguments)) in zip(queries, clauses) {
                inquiries += try await rows(
                    InquiryRows.pageSQL(where: sql, order: query.orderSQL),
                    arguments + [query.limit.databaseValue, query.offset.databaseValue], on: connection
                ).map { Inquiry(ordered: NamedColumns(row: $0)) }
            }
            func page<Item: FetchableRecord & Sendable>(_ table: String, order: String) async throws -> [Item] {
                try await rows(Page<Item>.itemsSQL(table, "person_id = ?", order), [id, limit, 0], on: connection)
                    .map(Item.init(row:))
            }
            return PersonRecord(
                person: person, preferences: try await preferences(of: person, on: connection),
                employment: viewer.may(.readRestricted)
                    ? try await rows(EmploymentPeriod.ofPersonSQL, [id], on: connection).map(
                        EmploymentPeriod.init(row:))
                    : nil,
                pensions: nil, inquiries: inquiries,
                messages: try await page(OutboxRows.listed, order: OutboxRows.newestFirst),
                farewells: try await rows(PersonRelationsRows.farewellsSQL, [id], on: connection)
                    .map(FarewellPlan.init(row:)),
                followups: try await rows(PersonRelationsRows.followupsSQL, [id], on: connection).map(
                    Followup.init(row:)),
                farewellFeedback: try await rows(
                    PersonRelationsRows.feedbackSQL(where: "person_id = ?"), [id], on: connection
                ).map(RecordedFeedback.init(row:)),
                legalHold: standing["legal_hold_reason"],
                selfRegisteredAt: (standing["self_registered_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                mail: PersonMailStatus(row: standing),
                audit: viewer.may(.readAudit) ? try await page("audit_event", order: PersonRecord.auditOrder) : nil,
                calendar: try await businessCalendar(on: connection))
        }
        if viewer.may(.readRestricted) {
            record.pensions = try await pensionArrangements(personId: id, as: viewer)
        }
        return record
    }
}
