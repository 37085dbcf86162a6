import AlumniCore
import Foundation
import GRDB

/// A message the organisation sent the person, as the portal shows it to them.
public struct PortalMessage: Sendable, Equatable {
    public var id: Int64
    public var subject: String
    /// When it was sent, or queued while it waits.
    public var at: Date
    /// Its text part.
    public var text: String
}

extension AlumniDatabase {
    /// What counts as a message to the person: answers and acknowledgements of their inquiries,
    /// their farewell, retention warnings, the portal's notices, and their copy of each
    /// campaign. Not the sign-in links (their secret stays in the e-mail), test sends, or alerts
    /// to staff about them.
    static let messagesToThePerson = """
        person_id = ? AND (dedupe_key LIKE 'inquiry:%' OR dedupe_key LIKE 'farewell:%'
            OR dedupe_key LIKE 'retention-warning:%' OR dedupe_key LIKE 'portal-notice:%'
            OR (campaign_id IS NOT NULL AND topic IS NOT NULL))
            AND status NOT IN ('suppressed', 'failed')
        """

    private static let portalMessageColumns = "id, subject, COALESCE(sent_at, created_at) AS at, payload"
    /// The person's messages before an id, newest first: the person, the id and the limit bound.
    static let portalMessagesSQL = """
        SELECT \(portalMessageColumns) FROM outbox_message_content
        WHERE \(messagesToThePerson) AND id < ? ORDER BY id DESC LIMIT ?
        """
    /// One message to the person: the person and the id bound.
    static let portalMessageSQL =
        "SELECT \(portalMessageColumns) FROM outbox_message_content WHERE \(messagesToThePerson) AND id = ?"

    /// The newest `limit` messages sent to the person, newest first, after `before` (an id) when given.
    public func portalMessages(personId: Int64, limit: Int = 50, before: Int64? = nil) throws -> [PortalMessage] {
        try writer.read { db in
            try Row.fetchAll(db, sql: Self.portalMessagesSQL, arguments: [personId, before ?? Int64.max, limit])
                .map(Self.portalMessage)
        }
    }

    /// One message sent to the person; another's, or one that is not a message to them, is not found.
    public func portalMessage(id: Int64, personId: Int64) throws -> PortalMessage {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(db, sql: Self.portalMessageSQL, arguments: [personId, id])
            else { throw StoreError.notFound("message #\(id)") }
            return Self.portalMessage(row)
        }
    }

    static func portalMessage(_ row: Row) -> PortalMessage {
        let payload = (row["payload"] as String?).flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return PortalMessage(
            id: row["id"], subject: row["subject"], at: Date(timeIntervalSince1970: row["at"]),
            text: payload?["text"] as? String ?? "")
    }
}
