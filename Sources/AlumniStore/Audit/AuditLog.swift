import AlumniCore
import Foundation
import GRDB

/// One entry of the audit trail: who did what to whom, and when. Never holds personal
/// or pension details, only field names and ids.
public struct AuditEvent: Equatable, Sendable, Codable, FetchableRecord {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var personId: Int64?
    public var detail: String?

    public init(row: Row) throws {
        id = row["id"]
        at = row["at"]
        actor = row["actor"]
        action = row["action"]
        personId = row["person_id"]
        detail = row["detail"]
    }
}

extension AuditEvent {
    /// The entries about `personId` (everyone's when nil), as SQL both stores read alike, and its
    /// values: a person's include the entry of the import that added them.
    static func condition(personId: Int64?) -> (String, [(any DatabaseValueConvertible)?]) {
        guard let personId else { return ("TRUE", []) }
        return (
            """
            person_id = ? OR id = (
                SELECT import_run.audit_event_id FROM person JOIN import_run ON import_run.id = person.import_run_id
                WHERE person.id = ?)
            """, [personId, personId]
        )
    }
}

/// Writes audit entries inside the caller's transaction, so a change and its record stand or fall together.
enum AuditLog {
    static func record(
        _ action: String, personId: Int64?, actor: String, at: Date, detail: String? = nil, in db: Database
    ) throws {
        try db.cachedStatement(
            sql: "INSERT INTO audit_event (at, actor, action, person_id, detail) VALUES (?, ?, ?, ?, ?)"
        )
        .execute { values in
            values.add(at.stored)
            values.add(actor)
            values.add(action)
            values.add(personId)
            values.add(detail)
        }
    }
}

extension AlumniDatabase {
    /// Audit entries, newest first, for one person or everyone, for a caller who may read the
    /// audit log. A person's entries include the one of the import that added them.
    public func auditEvents(personId: Int64? = nil, limit: Int = 100, offset: Int = 0, as reader: Caller) throws
        -> Page<AuditEvent>
    {
        try authorize(.readAudit, reader, personId: personId)
        let (condition, arguments) = AuditEvent.condition(personId: personId)
        return try writer.read { db in
            try Page.fetch(
                db, from: "audit_event", where: condition, arguments: StatementArguments(arguments),
                orderBy: "id DESC", limit: limit, offset: offset)
        }
    }
}
