import AlumniCore
import Foundation
import GRDB

extension Inquiry: FetchableRecord {
    /// Reads a row selected with ``InquiryRows/columns``, by position: lists decode a hundred
    /// inquiries per page, and looking 23 columns up by name for each was most of the cost.
    public init(row: Row) throws { self.init(ordered: row) }
}

extension Inquiry {
    /// Reads a row of ``InquiryRows/columns``, by position from SQLite, by name through the row bridge.
    init(ordered row: some OrderedRow) {
        typealias Column = InquiryRows.Column
        var timeline = InquiryTimeline(receivedAt: row[Column.receivedAt])
        timeline.firstReplyAt = row[Column.firstReplyAt]
        timeline.resolutionStartAt = row[Column.resolutionStartAt]
        timeline.extensionMonths = row[Column.extensionMonths]
        timeline.pausedBusinessDays = row[Column.pausedBusinessDays]
        timeline.pausedSince = row[Column.pausedSince]
        timeline.awaitingReplySince = row[Column.awaitingReplySince]
        timeline.closedAt = row[Column.closedAt]
        self.init(
            id: row[Column.id], personId: row[Column.personId], type: row[Column.type], subject: row[Column.subject],
            channel: row[Column.channel], status: row[Column.status], owner: row[Column.owner], timeline: timeline,
            deadlines: InquiryDeadlines(
                firstResponseDue: row[Column.firstResponseDueAt], resolutionDue: row[Column.resolutionDueAt],
                silentAt: row[Column.silentAt], nextDue: row[Column.nextDueAt]),
            extensionReason: row[Column.extensionReason], resolution: row[Column.resolution],
            createdAt: row[Column.createdAt], updatedAt: row[Column.updatedAt])
    }
}

extension Inquiry {
    /// The same, read straight from the statement (``DirectColumns``): the portal lists a
    /// person's inquiries on every view of their page.
    init(columns row: DirectColumns) throws {
        typealias Column = InquiryRows.Column
        var timeline = InquiryTimeline(receivedAt: try row.required(Column.receivedAt))
        timeline.firstReplyAt = row[Column.firstReplyAt]
        timeline.resolutionStartAt = try row.required(Column.resolutionStartAt)
        timeline.extensionMonths = try row.required(Column.extensionMonths)
        timeline.pausedBusinessDays = try row.required(Column.pausedBusinessDays)
        timeline.pausedSince = row[Column.pausedSince]
        timeline.awaitingReplySince = row[Column.awaitingReplySince]
        timeline.closedAt = row[Column.closedAt]
        self.init(
            id: try row.required(Column.id), personId: try row.required(Column.personId),
            type: try row.required(Column.type), subject: try row.required(Column.subject),
            channel: try row.required(Column.channel), status: try row.required(Column.status),
            owner: row[Column.owner], timeline: timeline,
            deadlines: InquiryDeadlines(
                firstResponseDue: try row.required(Column.firstResponseDueAt),
                resolutionDue: try row.required(Column.resolutionDueAt), silentAt: row[Column.silentAt],
                nextDue: row[Column.nextDueAt]),
            extensionReason: row[Column.extensionReason], resolution: row[Column.resolution],
            createdAt: try row.required(Column.createdAt), updatedAt: try row.required(Column.updatedAt))
    }
}

extension InquiryEvent: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            id: row["id"], inquiryId: row["inquiry_id"], kind: row["kind"], author: row["author"], at: row["at"],
            body: row["body"])
    }
}

/// The SQL that reads and writes inquiries.
enum InquiryRows {
    /// The columns every inquiry read selects, in the order ``Inquiry/init(row:)`` reads them.
    enum Column: Int32, OrderedColumns {
        case id, personId, type, subject, channel, status, receivedAt, firstReplyAt, resolutionStartAt
        case extensionMonths, extensionReason, pausedBusinessDays, pausedSince, awaitingReplySince, closedAt
        case resolution, firstResponseDueAt, resolutionDueAt, silentAt, nextDueAt, createdAt, updatedAt, owner

        static let table: String? = nil
    }

    /// ``Column``'s select list.
    static let columns = Column.selectList()

    static let fetchSQL = "SELECT \(columns) FROM inquiry WHERE id = ?"

    /// A page of the inquiries meeting `whereSQL` in `order`; its limit and offset are the last values.
    static func pageSQL(where whereSQL: String, order: String) -> String {
        "SELECT \(columns) FROM inquiry WHERE \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?"
    }

    /// How many inquiries meet `whereSQL`; with `capped`, counting stops at the last value.
    /// The closed inquiry the inquiry bound follows up, if any.
    static let followsSQL = "SELECT follows_id FROM inquiry WHERE id = ?"

    static func countSQL(where whereSQL: String, capped: Bool = false) -> String {
        capped
            ? "SELECT COUNT(*) FROM (SELECT 1 FROM inquiry WHERE \(whereSQL) LIMIT ?) AS capped"
            : "SELECT COUNT(*) FROM inquiry WHERE \(whereSQL)"
    }

    static func fetch(id: Int64, in db: Database) throws -> Inquiry {
        guard let inquiry = try Inquiry.fetchOne(db.cachedStatement(sql: fetchSQL), arguments: [id]) else {
            throw StoreError.notFound("inquiry #\(id)")
        }
        return inquiry
    }

    static let insertSQL = """
        INSERT INTO inquiry (person_id, type, subject, channel, status, owner, received_at, first_reply_at,
            resolution_start_at, extension_months, extension_reason, paused_business_days, paused_since,
            awaiting_reply_since, closed_at, resolution, first_response_due_at, resolution_due_at, silent_at,
            next_due_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insertValues(_ inquiry: Inquiry) -> [DatabaseValue] {
        let t = inquiry.timeline, d = inquiry.deadlines
        let values: [(any DatabaseValueConvertible)?] = [
            inquiry.personId, inquiry.type, inquiry.subject, inquiry.channel, inquiry.status, inquiry.owner,
            t.receivedAt.stored, t.firstReplyAt?.stored, t.resolutionStartAt.stored, t.extensionMonths,
            inquiry.extensionReason, t.pausedBusinessDays, t.pausedSince?.stored, t.awaitingReplySince?.stored,
            t.closedAt?.stored, inquiry.resolution, d.firstResponseDue.stored, d.resolutionDue.stored,
            d.silentAt?.stored, d.nextDue?.stored, inquiry.createdAt.stored, inquiry.updatedAt.stored,
        ]
        return values.map { $0?.databaseValue ?? .null }
    }

    static func insert(_ inquiry: Inquiry, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: insertSQL).execute(arguments: StatementArguments(insertValues(inquiry)))
        return db.lastInsertedRowID
    }

    /// Writes every changeable column of the inquiry. A deadline that moved (an extension, a
    /// pause, a reply) counts in `deadline_sequence` and stamps `deadline_moved_at`, which
    /// calendar feeds publish as the events' SEQUENCE and DTSTAMP.
    static let updateSQL = """
        UPDATE inquiry SET deadline_sequence = deadline_sequence + CASE WHEN \(moved) THEN 1 ELSE 0 END,
            deadline_moved_at = CASE WHEN \(moved) THEN ? ELSE deadline_moved_at END,
            status = ?, owner = ?, received_at = ?, first_reply_at = ?, resolution_start_at = ?,
            extension_months = ?, extension_reason = ?, paused_business_days = ?, paused_since = ?,
            awaiting_reply_since = ?, closed_at = ?, resolution = ?, first_response_due_at = ?,
            resolution_due_at = ?, silent_at = ?, next_due_at = ?, updated_at = ?
        WHERE id = ?
        """
    private static let moved = "(first_response_due_at <> ? OR resolution_due_at <> ?)"

    static func updateValues(_ inquiry: Inquiry) -> [DatabaseValue] {
        let t = inquiry.timeline, d = inquiry.deadlines
        let due = [d.firstResponseDue.stored, d.resolutionDue.stored]
        let values: [(any DatabaseValueConvertible)?] = [
            inquiry.status, inquiry.owner, t.receivedAt.stored, t.firstReplyAt?.stored,
            t.resolutionStartAt.stored, t.extensionMonths, inquiry.extensionReason, t.pausedBusinessDays,
            t.pausedSince?.stored, t.awaitingReplySince?.stored, t.closedAt?.stored, inquiry.resolution,
            d.firstResponseDue.stored, d.resolutionDue.stored, d.silentAt?.stored, d.nextDue?.stored,
            inquiry.updatedAt.stored, inquiry.id,
        ]
        return (due + due + [inquiry.updatedAt.stored]).map(\.databaseValue) + values.map { $0?.databaseValue ?? .null }
    }

    static func update(_ inquiry: Inquiry, in db: Database) throws {
        try db.execute(sql: updateSQL, arguments: StatementArguments(updateValues(inquiry)))
    }

    static let newestEventSQL = "SELECT MAX(id) FROM inquiry_event WHERE inquiry_id = ?"

    /// The id of the newest event in inquiry `id`'s thread (what a page that shows it has seen).
    static func newestEventId(of id: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: newestEventSQL), arguments: [id])
    }

    static let addEventSQL = "INSERT INTO inquiry_event (inquiry_id, kind, author, at, body) VALUES (?, ?, ?, ?, ?)"

    static func eventValues(
        _ kind: InquiryEvent.Kind, inquiryId: Int64, author: String, at: Date, body: String?
    ) -> [DatabaseValue] {
        [
            inquiryId.databaseValue, kind.databaseValue, author.databaseValue, at.stored.databaseValue,
            body.databaseValue,
        ]
    }

    /// Adds an event to the thread; returns its id.
    @discardableResult
    static func addEvent(
        _ kind: InquiryEvent.Kind, inquiryId: Int64, author: String, at: Date, body: String?, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(sql: addEventSQL).execute(
            arguments: StatementArguments(eventValues(kind, inquiryId: inquiryId, author: author, at: at, body: body)))
        return db.lastInsertedRowID
    }

    /// A thread, oldest first.
    static let threadSQL = "SELECT * FROM inquiry_event WHERE inquiry_id = ? ORDER BY at, id"

    /// The inquiries not closed that `owner` holds.
    static let openOfOwnerSQL = "SELECT id FROM inquiry WHERE owner = ? AND status != 'closed'"
}
