import AlumniCore
import Foundation
import GRDB

extension Inquiry: FetchableRecord {
    /// Reads a row selected with ``InquiryRows/columns``, by position: lists decode a hundred
    /// inquiries per page, and looking 23 columns up by name for each was most of the cost.
    public init(row: Row) throws {
        var timeline = InquiryTimeline(receivedAt: row[6])
        timeline.firstReplyAt = row[7]
        timeline.resolutionStartAt = row[8]
        timeline.extensionMonths = row[9]
        timeline.pausedBusinessDays = row[11]
        timeline.pausedSince = row[12]
        timeline.awaitingReplySince = row[13]
        timeline.closedAt = row[14]
        self.init(
            id: row[0], personId: row[1], type: row[2], subject: row[3], channel: row[4], status: row[5],
            owner: row[22], timeline: timeline,
            deadlines: InquiryDeadlines(
                firstResponseDue: row[16], resolutionDue: row[17], silentAt: row[18], nextDue: row[19]),
            extensionReason: row[10], resolution: row[15], createdAt: row[20], updatedAt: row[21])
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
    static let columns = """
        id, person_id, type, subject, channel, status, received_at, first_reply_at, resolution_start_at,
        extension_months, extension_reason, paused_business_days, paused_since, awaiting_reply_since, closed_at,
        resolution, first_response_due_at, resolution_due_at, silent_at, next_due_at, created_at, updated_at, owner
        """

    static func fetch(id: Int64, in db: Database) throws -> Inquiry {
        guard
            let inquiry = try Inquiry.fetchOne(
                db.cachedStatement(sql: "SELECT \(columns) FROM inquiry WHERE id = ?"), arguments: [id])
        else {
            throw StoreError.notFound("inquiry #\(id)")
        }
        return inquiry
    }

    static func insert(_ inquiry: Inquiry, in db: Database) throws -> Int64 {
        let t = inquiry.timeline, d = inquiry.deadlines
        try db.cachedStatement(
            sql: """
                INSERT INTO inquiry (person_id, type, subject, channel, status, owner, received_at, first_reply_at,
                    resolution_start_at, extension_months, extension_reason, paused_business_days, paused_since,
                    awaiting_reply_since, closed_at, resolution, first_response_due_at, resolution_due_at, silent_at,
                    next_due_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            inquiry.personId, inquiry.type, inquiry.subject, inquiry.channel, inquiry.status, inquiry.owner,
            t.receivedAt.stored, t.firstReplyAt?.stored, t.resolutionStartAt.stored, t.extensionMonths,
            inquiry.extensionReason, t.pausedBusinessDays, t.pausedSince?.stored, t.awaitingReplySince?.stored,
            t.closedAt?.stored, inquiry.resolution, d.firstResponseDue.stored, d.resolutionDue.stored,
            d.silentAt?.stored,
            d.nextDue?.stored, inquiry.createdAt.stored, inquiry.updatedAt.stored,
        ])
        return db.lastInsertedRowID
    }

    /// Writes every changeable column of the inquiry.
    static func update(_ inquiry: Inquiry, in db: Database) throws {
        let t = inquiry.timeline, d = inquiry.deadlines
        try db.execute(
            sql: """
                UPDATE inquiry SET status = ?, owner = ?, received_at = ?, first_reply_at = ?, resolution_start_at = ?,
                    extension_months = ?, extension_reason = ?, paused_business_days = ?, paused_since = ?,
                    awaiting_reply_since = ?, closed_at = ?, resolution = ?, first_response_due_at = ?,
                    resolution_due_at = ?, silent_at = ?, next_due_at = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                inquiry.status, inquiry.owner, t.receivedAt.stored, t.firstReplyAt?.stored, t.resolutionStartAt.stored,
                t.extensionMonths, inquiry.extensionReason, t.pausedBusinessDays, t.pausedSince?.stored,
                t.awaitingReplySince?.stored, t.closedAt?.stored, inquiry.resolution, d.firstResponseDue.stored,
                d.resolutionDue.stored, d.silentAt?.stored, d.nextDue?.stored, inquiry.updatedAt.stored, inquiry.id,
            ])
    }

    /// Adds an event to the thread; returns its id.
    @discardableResult
    static func addEvent(
        _ kind: InquiryEvent.Kind, inquiryId: Int64, author: String, at: Date, body: String?, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: "INSERT INTO inquiry_event (inquiry_id, kind, author, at, body) VALUES (?, ?, ?, ?, ?)"
        )
        .execute(arguments: [inquiryId, kind, author, at.stored, body])
        return db.lastInsertedRowID
    }
}
