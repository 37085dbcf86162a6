import AlumniCore
import Foundation
import GRDB

/// Everything staff see about one person at once — the desk's person page — as one
/// consistent read. What the viewer's role may not see is nil.
public struct PersonRecord: Sendable {
    public var person: Person
    public var preferences: ContactPreferences
    /// Employment periods and pension arrangements, for roles that read restricted data.
    public var employment: [EmploymentPeriod]?
    public var pensions: [PensionArrangement]?
    /// Their inquiries of the types the viewer may read: open ones first, then closed, at most
    /// ``AlumniDatabase/personRecordLimit`` of each.
    public var inquiries: [Inquiry]
    /// The newest messages to or about them.
    public var messages: [OutboxMessage]
    public var farewells: [FarewellPlan]
    public var followups: [Followup]
    /// What they said about leaving, newest farewell first.
    public var farewellFeedback: [RecordedFeedback]
    public var legalHold: String?
    /// When they confirmed their address after asking through the portal without being in the
    /// directory: staff check who they are.
    public var selfRegisteredAt: Date?
    public var mail: PersonMailStatus
    /// The newest entries of their audit trail, for roles that read the audit log.
    public var audit: [AuditEvent]?
    /// The organisation's calendar, whose time zone the record's times are shown in.
    public var calendar: BusinessCalendar
}

extension PersonRecord {
    /// The person's inquiries a record shows, of the types `viewer` may read: the open ones,
    /// then the closed ones, at most ``AlumniDatabase/personRecordLimit`` of each.
    static func inquiryQueries(personId: Int64, viewer: Caller) -> [InquiryQuery] {
        var open = InquiryQuery()
        open.personId = personId
        open.types = viewer.visibleInquiryTypes
        open.limit = AlumniDatabase.personRecordLimit
        var closed = open
        closed.status = .closed
        return [open, closed]
    }

    /// The legal hold, self-registration and mail status of the person bound (PostgreSQL's
    /// record reads them apart from the person).
    static let standingSQL = """
        SELECT legal_hold_reason, self_registered_at, email_undeliverable_at, email_undeliverable_reason,
               unreachable_since FROM person WHERE id = ?
        """
    /// The audit trail's order in a record: newest first.
    static let auditOrder = "id DESC"
}

extension AlumniDatabase {
    /// How many inquiries (of each state), messages and audit entries a record holds.
    public static let personRecordLimit = 50

    /// Person `id` as `viewer` may see them: refused for an actor who may not read people; the
    /// inquiries of the types they may see; employment, pension and audit only for those who
    /// may read them. An erased person has no record. The pension arrangements are read, and
    /// that read audited, in a write of their own after the rest, so a page view holds the
    /// writer only for that.
    public func personRecord(id: Int64, as viewer: Caller) throws -> PersonRecord {
        try authorize(.readPeople, viewer, personId: id)
        let now = clock.now()
        let limit = Self.personRecordLimit
        var record = try writer.read { db in
            let (person, (legalHold, mail, selfRegistered)) = try PersonRows.fetch(
                id: id, with: Self.standingColumns, in: db
            ) { row, first in
                (
                    row[first] as String?,
                    PersonMailStatus(
                        undeliverableSince: row[first + 1], reason: row[first + 2], unreachableSince: row[first + 3]),
                    (row[first + 4] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
            guard person.erasedAt == nil else { throw StoreError.notFound("person #\(id)") }
            // The rows alone: the page shows no totals, so nothing is counted.
            let inquiries = try PersonRecord.inquiryQueries(personId: id, viewer: viewer).flatMap { query in
                let (sql, arguments) = try query.whereClause(now: now)
                return try inquiryRows(matching: query, where: sql, arguments, in: db)
            }
            let relations = try relations(ofPerson: id, in: db)
            let restricted = viewer.may(.readRestricted)
            return PersonRecord(
                person: person, preferences: try preferences(of: person, in: db),
                employment: restricted ? try employmentPeriods(personId: id, in: db) : nil, pensions: nil,
                inquiries: inquiries, messages: try outboxMessages(aboutPerson: id, limit: limit, in: db),
                farewells: relations.farewells, followups: relations.followups,
                farewellFeedback: try feedback(where: "person_id = ?", id, in: db), legalHold: legalHold,
                selfRegisteredAt: selfRegistered, mail: mail,
                audit: viewer.may(.readAudit)
                    ? try Page<AuditEvent>.items(
                        db, from: "audit_event", where: "person_id", equals: id, orderBy: PersonRecord.auditOrder,
                        limit: limit, offset: 0) : nil,
                calendar: try businessCalendar(in: db))
        }
        if viewer.may(.readRestricted) {
            record.pensions = try pensionArrangements(personId: id, as: viewer)
        }
        return record
    }

    /// The legal hold, mail status and self-registration read with the person, in ``PersonRecord``'s order.
    private static let standingColumns =
        ", legal_hold_reason, email_undeliverable_at, email_undeliverable_reason, unreachable_since, self_registered_at"
}
