import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    // MARK: - Opening

    /// Opens an inquiry, if `actor` may work on its type; its first message is the requester's
    /// and starts every clock.
    public func openInquiry(_ new: NewInquiry, actor: Caller) throws -> Inquiry {
        try authorize(.writeInquiry(new.type), actor, personId: new.personId)
        let now = clock.now()
        let new = try new.validated(now: now)
        return try write { db in try openInquiry(new, now: now, actor: actor.name, in: db) }
    }

    /// Opens a checked inquiry inside the caller's transaction.
    func openInquiry(_ new: NewInquiry, now: Date, actor: String, in db: Database) throws -> Inquiry {
        var inquiry = try Inquiry.opening(
            new, person: try PersonRows.fetch(id: new.personId, in: db), policy: try policy(for: new.type, in: db),
            calendar: try businessCalendar(in: db), now: now)
        inquiry.id = try InquiryRows.insert(inquiry, in: db)
        try InquiryRows.addEvent(
            .inbound, inquiryId: inquiry.id, author: "person #\(new.personId)", at: inquiry.timeline.receivedAt,
            body: new.body, in: db)
        try AuditLog.record(
            "inquiry.opened", personId: new.personId, actor: actor, at: now, detail: "inquiry #\(inquiry.id)",
            in: db)
        return inquiry
    }

    // MARK: - Lifecycle
    //
    // Each step (``InquiryStep``) is `actor`'s, refused (as an inquiry not found) when they may
    // not work on the inquiry's type. Each takes `ifUnchangedSince`: the id of the newest thread
    // event the caller saw. When the thread has moved on since (someone else replied), the step is
    // refused with `StoreError.stale` instead of being applied to a case the caller has not read.

    /// An answer to the requester; the first one meets the first-response deadline.
    public func reply(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, try .reply(body), seen: seen, actor: actor)
    }

    /// An internal note: not an answer, changes no deadline.
    public func addNote(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, try .note(body), seen: seen, actor: actor)
    }

    /// The requester wrote again (at `at`, default now); a stopped resolution clock starts again.
    public func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: Caller) throws -> Inquiry {
        try step(id, try .inbound(body, at: at), actor: actor)
    }

    /// The requester's message inside the caller's transaction.
    func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: String, in db: Database) throws
        -> Inquiry
    {
        try step(id, try .inbound(body, at: at), actor: actor, in: db)
    }

    /// Asks the requester for something: an answer that stops the resolution clock until they write.
    public func askRequester(inquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, try .wait(body), seen: seen, actor: actor)
    }

    /// Gives the inquiry to `owner` (nil: unassigned).
    public func assign(inquiry id: Int64, to owner: String?, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, .assignment(to: owner), seen: seen, actor: actor)
    }

    /// Gives each of inquiries `ids` to `owner` (nil: unassigned), all or none.
    public func assign(inquiries ids: [Int64], to owner: String?, actor: Caller) throws {
        for id in ids { _ = try inquiry(id: id, as: actor, write: true) }
        try write { db in
            for id in ids { _ = try step(id, .assignment(to: owner), actor: actor.name, in: db) }
        }
    }

    /// Hands every open inquiry of `from` to `to` (a staff member leaves: nothing is orphaned).
    /// Returns how many moved.
    public func reassignInquiries(from: String, to: String, actor: Caller) throws -> Int {
        try authorize(.reassignInquiries, actor)
        let from = try from.required("from")
        let to = try to.required("to")
        return try write { db in
            let ids = try Int64.fetchAll(db, sql: InquiryRows.openOfOwnerSQL, arguments: [from])
            for id in ids { _ = try step(id, .assignment(to: to), actor: actor.name, in: db) }
            return ids.count
        }
    }

    /// Extends the resolution deadline once, within the policy's limit, for a stated reason.
    public func extend(
        inquiry id: Int64, byMonths months: Int, reason: String, actor: Caller, ifUnchangedSince seen: Int64? = nil
    ) throws -> Inquiry {
        try step(id, .extending(byMonths: months, reason: reason), seen: seen, actor: actor)
    }

    /// Closes the inquiry with a resolution; it meets the resolution deadline.
    public func close(inquiry id: Int64, resolution: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, try .close(resolution: resolution), seen: seen, actor: actor)
    }

    /// Opens a closed inquiry again, with a fresh resolution clock.
    public func reopen(inquiry id: Int64, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws -> Inquiry {
        try step(id, .reopen, seen: seen, actor: actor)
    }

    /// Reopens inside the caller's transaction.
    func reopen(inquiry id: Int64, actor: String, in db: Database) throws -> Inquiry {
        try step(id, .reopen, actor: actor, in: db)
    }

    /// One lifecycle step of `actor`'s, checked and then made in one transaction: the change,
    /// the recomputed deadlines, the thread event and the audit entry.
    private func step(_ id: Int64, _ step: InquiryStep, seen: Int64? = nil, actor: Caller) throws -> Inquiry {
        _ = try inquiry(id: id, as: actor, write: true)
        return try write { db in try self.step(id, step, seen: seen, actor: actor.name, in: db) }
    }

    /// The step inside the caller's transaction.
    func step(_ id: Int64, _ step: InquiryStep, seen: Int64? = nil, actor: String, in db: Database) throws -> Inquiry {
        let stored = try InquiryRows.fetch(id: id, in: db)
        if let seen {
            guard try InquiryRows.newestEventId(of: id, in: db) == seen else {
                throw StoreError.stale("inquiry #\(id)")
            }
        }
        let calendar = try businessCalendar(in: db)
        let now = clock.now()
        let inquiry = try step.applied(
            to: stored, policy: try policy(for: stored.type, in: db), calendar: calendar, now: now)
        try InquiryRows.update(inquiry, in: db)
        let eventId = try InquiryRows.addEvent(
            step.kind, inquiryId: id, author: step.author?(inquiry) ?? actor, at: step.at ?? now, body: step.body,
            in: db)
        if let requesterMessages,
            let notice = step.requesterNotice(
                for: inquiry, person: try PersonRows.fetch(id: inquiry.personId, in: db), eventId: eventId,
                calendar: calendar),
            let message = try requesterMessages.message(for: notice)
        {
            _ = try enqueue(message, at: now, in: db)
        }
        try AuditLog.record(
            step.auditAction, personId: inquiry.personId, actor: actor, at: now, detail: "inquiry #\(id)", in: db)
        return inquiry
    }

    // MARK: - Reads

    /// The inquiry with `id`, unchecked: for the store's own steps and jobs.
    func inquiry(id: Int64) throws -> Inquiry {
        try writer.read { db in try InquiryRows.fetch(id: id, in: db) }
    }

    /// The inquiry's thread, oldest first, if `actor` may read the inquiry.
    public func thread(ofInquiry id: Int64, as actor: Caller) throws -> [InquiryEvent] {
        _ = try inquiry(id: id, as: actor)
        return try thread(ofInquiry: id)
    }

    func thread(ofInquiry id: Int64) throws -> [InquiryEvent] {
        try writer.read { db in
            try InquiryEvent.fetchAll(db, sql: InquiryRows.threadSQL, arguments: [id])
        }
    }

    /// One page of inquiries matching `query` as `actor` may see them (``scoped(_:for:)``),
    /// sorted by next deadline, with the total.
    public func inquiries(matching query: InquiryQuery, as actor: Caller) throws -> Page<Inquiry> {
        let query = try scoped(query, for: actor)
        let now = clock.now()
        return try writer.read { db in try inquiries(matching: query, now: now, in: db) }
    }

    func inquiries(matching query: InquiryQuery, now: Date, in db: Database) throws -> Page<Inquiry> {
        let (whereSQL, arguments) = try query.whereClause(now: now)
        return Page(
            items: try inquiryRows(matching: query, where: whereSQL, arguments, in: db),
            total: try Self.countInquiries(where: whereSQL, arguments, in: db), limit: query.limit,
            offset: query.offset)
    }

    /// The rows of `query`'s page, whose conditions are `whereSQL` with `arguments`.
    func inquiryRows(
        matching query: InquiryQuery, where whereSQL: String, _ arguments: [DatabaseValue], in db: Database
    ) throws -> [Inquiry] {
        let items = try Inquiry.fetchAll(
            db.cachedStatement(sql: InquiryRows.pageSQL(where: whereSQL, order: query.orderSQL)),
            arguments: StatementArguments(arguments + [query.limit.databaseValue, query.offset.databaseValue]))
        return query.withText ? items : items.map { $0.withoutText() }
    }

    /// How many inquiries meet `whereSQL`; with `cap`, counting stops there.
    static func countInquiries(
        where whereSQL: String, _ values: [DatabaseValue], upTo cap: Int? = nil, in db: Database
    ) throws -> Int {
        let arguments = StatementArguments(values)
        guard let cap else {
            return try Int.fetchOne(
                db.cachedStatement(sql: InquiryRows.countSQL(where: whereSQL)), arguments: arguments)
                ?? 0
        }
        return try Int.fetchOne(
            db.cachedStatement(sql: InquiryRows.countSQL(where: whereSQL, capped: true)), arguments: arguments + [cap])
            ?? 0
    }
}
