import AlumniCore
import Foundation
import GRDB

extension Inquiry: FetchableRecord {
    public init(row: Row) throws {
        var timeline = InquiryTimeline(receivedAt: row["received_at"])
        timeline.firstReplyAt = row["first_reply_at"]
        timeline.resolutionStartAt = row["resolution_start_at"]
        timeline.extensionMonths = row["extension_months"]
        timeline.pausedBusinessDays = row["paused_business_days"]
        timeline.pausedSince = row["paused_since"]
        timeline.awaitingReplySince = row["awaiting_reply_since"]
        timeline.closedAt = row["closed_at"]
        self.init(
            id: row["id"], personId: row["person_id"], type: row["type"], subject: row["subject"],
            channel: row["channel"], status: row["status"], owner: row["owner"], timeline: timeline,
            deadlines: InquiryDeadlines(
                firstResponseDue: row["first_response_due_at"], resolutionDue: row["resolution_due_at"],
                silentAt: row["silent_at"], nextDue: row["next_due_at"]),
            extensionReason: row["extension_reason"], resolution: row["resolution"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
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
    static func fetch(id: Int64, in db: Database) throws -> Inquiry {
        guard let inquiry = try Inquiry.fetchOne(db, sql: "SELECT * FROM inquiry WHERE id = ?", arguments: [id]) else {
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
            t.closedAt?.stored, inquiry.resolution, d.firstResponseDue.stored, d.resolutionDue.stored, d.silentAt?.stored,
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

    static func addEvent(
        _ kind: InquiryEvent.Kind, inquiryId: Int64, author: String, at: Date, body: String?, in db: Database
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO inquiry_event (inquiry_id, kind, author, at, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [inquiryId, kind, author, at.stored, body])
    }
}
