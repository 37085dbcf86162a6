import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Turns `user`'s deadline calendar on (a new secret address), off, or to a new address
    /// (the old one stops working); returns the new token for `on` and `renew`, which is shown
    /// once: only its hash is kept. With `team`, an admin's feed also carries the team's
    /// unassigned cases. For the account's owner, and for those who manage staff.
    public func changeCalendarFeed(
        user: String, _ change: CalendarFeedChange, team: Bool = false, actor: Caller
    ) throws -> String? {
        try authorizeOwnOrStaff(user, actor)
        return try write { db in
            let account = try staffAccount(user, in: db)
            let state = try Row.fetchOne(db, sql: StaffRows.calendarStateSQL, arguments: [account.id])
            try StaffRows.checkCalendarChange(
                change, team: team, account: account, isOn: state?["calendar_token_hash"] as String? != nil)
            let token = change == .off ? nil : APITokens.random()
            try db.execute(
                sql: StaffRows.setCalendarSQL,
                arguments: [token.map(APITokens.hash), change != .off && team, account.id])
            try AuditLog.record(
                "calendar.\(change.rawValue)", personId: nil, actor: actor.name, at: clock.now(), detail: user, in: db)
            return token
        }
    }

    /// Whether `user`'s deadline calendar is on.
    public func calendarFeedState(user: String, as caller: Caller) throws -> CalendarFeedState {
        try authorizeOwnOrStaff(user, caller)
        return try writer.read { db in
            let account = try staffAccount(user, in: db)
            return StaffRows.calendarState(
                try Row.fetchOne(db, sql: StaffRows.calendarStateSQL, arguments: [account.id]))
        }
    }

    /// The open deadlines of the calendar whose secret is `token`: the first answer of cases
    /// not yet answered and the resolution of cases not waiting on the requester, for the
    /// account's own cases (and, when its admin chose so, the team's unassigned ones), of the
    /// types its role may see, soonest first. Nil for an unknown or revoked token or a disabled account.
    public func calendarDeadlines(token: String) throws -> [DeadlineEvent]? {
        try writer.read { db in
            guard let owner = try Row.fetchOne(db, sql: CalendarFeedRows.ownerSQL, arguments: [APITokens.hash(token)])
            else { return nil }
            let (sql, values) = CalendarFeedRows.deadlinesSQL(owner: owner)
            return CalendarFeedRows.events(
                from: try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)))
        }
    }

    private func staffAccount(_ name: String, in db: Database) throws -> StaffUser {
        guard
            let user = try db.makeStatement(sql: StaffRows.byNameSQL)
                .fetchAll(arguments: [name], StaffUser.init(columns:)).first
        else { throw StoreError.notFound("staff account '\(name)'") }
        return user
    }
}

/// The SQL of a staff member's deadline calendar, the same on both stores.
enum CalendarFeedRows {
    /// The account a feed's token hash opens, unless disabled.
    static let ownerSQL = """
        SELECT name, role, calendar_team FROM staff_user WHERE calendar_token_hash = ? AND disabled_at IS NULL
        """

    /// The open inquiries of the types the owner's role may see that are theirs (and, with the
    /// team's feed, unassigned), with their deadlines.
    static func deadlinesSQL(owner: Row) -> (String, [DatabaseValue]) {
        let role: StaffRole = owner["role"]
        let types = (role.visibleInquiryTypes ?? InquiryType.allCases).map(\.rawValue.databaseValue)
        let team: Bool = owner["calendar_team"]
        return (
            """
            SELECT id, type, status, first_reply_at, first_response_due_at, resolution_due_at,
                deadline_sequence, COALESCE(deadline_moved_at, created_at) AS stamp
            FROM inquiry
            WHERE status <> 'closed' AND type IN (\(databaseQuestionMarks(count: types.count)))
              AND (owner = ? OR (? AND owner IS NULL))
            """, types + [(owner["name"] as String).databaseValue, team.databaseValue]
        )
    }

    /// The first answer of cases not yet answered and the resolution of cases not waiting on
    /// the requester, soonest first.
    static func events(from rows: [Row]) -> [DeadlineEvent] {
        rows.flatMap { row -> [DeadlineEvent] in
            let event = { (kind: DeadlineEvent.Kind, due: Date) in
                DeadlineEvent(
                    inquiryId: row["id"], type: row["type"], kind: kind, due: due,
                    sequence: row["deadline_sequence"], stamp: row["stamp"])
            }
            var events: [DeadlineEvent] = []
            if row["first_reply_at"] as Date? == nil {
                events.append(event(.firstResponse, row["first_response_due_at"]))
            }
            if row["status"] as String == InquiryStatus.open.rawValue {
                events.append(event(.resolution, row["resolution_due_at"]))
            }
            return events
        }.sorted { ($0.due, $0.inquiryId) < ($1.due, $1.inquiryId) }
    }
}
