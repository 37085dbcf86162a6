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
        let received = new.receivedAt ?? now
        let person = try PersonRows.fetch(id: new.personId, in: db)
        guard person.erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "person", reason: "person #\(person.id) was erased")])
        }
        let timeline = InquiryTimeline(receivedAt: received)
        var inquiry = Inquiry(
            id: 0, personId: new.personId, type: new.type, subject: new.subject, channel: new.channel,
            status: .open,
            owner: new.owner, timeline: timeline,
            deadlines: timeline.deadlines(
                policy: try policy(for: new.type, in: db), calendar: try businessCalendar(in: db)),
            extensionReason: nil, resolution: nil, createdAt: now, updatedAt: now)
        inquiry.id = try InquiryRows.insert(inquiry, in: db)
        try InquiryRows.addEvent(
            .inbound, inquiryId: inquiry.id, author: "person #\(new.personId)", at: received,
            body: new.body, in: db)
        try AuditLog.record(
            "inquiry.opened", personId: new.personId, actor: actor, at: now, detail: "inquiry #\(inquiry.id)",
            in: db)
        return inquiry
    }

    // MARK: - Lifecycle
    //
    // Each step is `actor`'s, refused (as an inquiry not found) when they may not work on the
    // inquiry's type. Each takes `ifUnchangedSince`: the id of the newest thread event the caller saw.
    // When the thread has moved on since (someone else replied), the step is refused with
    // `StoreError.stale` instead of being applied to a case the caller has not read.

    /// An answer to the requester; the first one meets the first-response deadline.
    public func reply(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, .reply, body: try requiredBody(body), seen: seen, actor: actor) { inquiry, _, _, now in
            try inquiry.requireOpen()
            inquiry.timeline.reply(at: now)
        }
    }

    /// An internal note: not an answer, changes no deadline.
    public func addNote(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, .note, body: try requiredBody(body), seen: seen, actor: actor) { _, _, _, _ in }
    }

    /// The requester wrote again (at `at`, default now); a stopped resolution clock starts again.
    public func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: Caller) throws -> Inquiry {
        let body = try requiredBody(body)
        _ = try inquiry(id: id, as: actor, write: true)
        return try write { db in try recordInbound(toInquiry: id, body: body, at: at, actor: actor.name, in: db) }
    }

    /// The requester's message inside the caller's transaction.
    func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: String, in db: Database) throws
        -> Inquiry
    {
        try step(id, .inbound, body: body, at: at, author: { "person #\($0.personId)" }, actor: actor, in: db) {
            inquiry, _, calendar, now in
            try inquiry.requireOpen()
            let instant = at ?? now
            guard instant <= now, instant >= inquiry.timeline.receivedAt else {
                throw ValidationFailure([
                    FieldError(field: "at", reason: "must lie between the first message and now")
                ])
            }
            inquiry.timeline.inbound(at: instant, calendar: calendar)
            inquiry.status = .open
        }
    }

    /// Asks the requester for something: an answer that stops the resolution clock until they write.
    public func askRequester(inquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        try step(id, .wait, body: try requiredBody(body), seen: seen, actor: actor) { inquiry, _, _, now in
            try inquiry.requireOpen()
            inquiry.timeline.wait(at: now)
            inquiry.status = .waiting
        }
    }

    /// Gives the inquiry to `owner` (nil: unassigned).
    public func assign(inquiry id: Int64, to owner: String?, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        _ = try inquiry(id: id, as: actor, write: true)
        return try write { db in try assign(inquiry: id, to: owner, seen: seen, actor: actor.name, in: db) }
    }

    private func assign(
        inquiry id: Int64, to owner: String?, seen: Int64? = nil, actor: String, in db: Database
    ) throws -> Inquiry {
        let owner = owner?.trimmedForStorage
        return try step(
            id, .assignment, body: owner.map { "assigned to \($0)" } ?? "unassigned", seen: seen, actor: actor, in: db
        ) {
            inquiry, _, _, _ in
            inquiry.owner = owner
        }
    }

    /// Gives each of inquiries `ids` to `owner` (nil: unassigned), all or none.
    public func assign(inquiries ids: [Int64], to owner: String?, actor: Caller) throws {
        for id in ids { _ = try inquiry(id: id, as: actor, write: true) }
        try write { db in
            for id in ids { _ = try assign(inquiry: id, to: owner, actor: actor.name, in: db) }
        }
    }

    /// Hands every open inquiry of `from` to `to` (a staff member leaves: nothing is orphaned).
    /// Returns how many moved.
    public func reassignInquiries(from: String, to: String, actor: Caller) throws -> Int {
        try authorize(.reassignInquiries, actor)
        let from = try from.required("from")
        let to = try to.required("to")
        return try write { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM inquiry WHERE owner = ? AND status != 'closed'", arguments: [from])
            for id in ids { _ = try assign(inquiry: id, to: to, actor: actor.name, in: db) }
            return ids.count
        }
    }

    /// Extends the resolution deadline once, within the policy's limit, for a stated reason.
    public func extend(
        inquiry id: Int64, byMonths months: Int, reason: String, actor: Caller, ifUnchangedSince seen: Int64? = nil
    ) throws -> Inquiry {
        try step(
            id, .extension, body: "extended by \(months) month\(months == 1 ? "" : "s"): \(reason)", seen: seen,
            actor: actor
        ) {
            inquiry, policy, _, _ in
            try inquiry.checkExtension(months: months, reason: reason, policy: policy)
            inquiry.timeline.extend(byMonths: months)
            inquiry.extensionReason = reason.trimmedForStorage
        }
    }

    /// Closes the inquiry with a resolution; it meets the resolution deadline.
    public func close(inquiry id: Int64, resolution: String, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws
        -> Inquiry
    {
        let resolution = try resolution.required("resolution")
        return try step(id, .closed, body: resolution, seen: seen, actor: actor) { inquiry, _, calendar, now in
            try inquiry.requireOpen()
            inquiry.timeline.close(at: now, calendar: calendar)
            inquiry.status = .closed
            inquiry.resolution = resolution
        }
    }

    /// Opens a closed inquiry again, with a fresh resolution clock.
    public func reopen(inquiry id: Int64, actor: Caller, ifUnchangedSince seen: Int64? = nil) throws -> Inquiry {
        _ = try inquiry(id: id, as: actor, write: true)
        return try write { db in try reopen(inquiry: id, actor: actor.name, seen: seen, in: db) }
    }

    /// Reopens inside the caller's transaction.
    func reopen(inquiry id: Int64, actor: String, seen: Int64? = nil, in db: Database) throws -> Inquiry {
        try step(id, .reopened, body: nil, seen: seen, actor: actor, in: db) { inquiry, _, _, now in
            guard inquiry.status == .closed else { throw InquiryRuleError.notClosed(inquiry.id) }
            inquiry.timeline.reopen(at: now)
            inquiry.status = .open
            inquiry.resolution = nil
            inquiry.extensionReason = nil
        }
    }

    /// One lifecycle step of `actor`'s, checked and then made in one transaction: the change,
    /// the recomputed deadlines, the thread event and the audit entry.
    private func step(
        _ id: Int64, _ kind: InquiryEvent.Kind, body: String?, seen: Int64? = nil, actor: Caller,
        _ change: (inout Inquiry, DeadlinePolicy, BusinessCalendar, Date) throws -> Void
    ) throws -> Inquiry {
        _ = try inquiry(id: id, as: actor, write: true)
        return try write { db in try step(id, kind, body: body, seen: seen, actor: actor.name, in: db, change) }
    }

    func step(
        _ id: Int64, _ kind: InquiryEvent.Kind, body: String?, at: Date? = nil, seen: Int64? = nil,
        author: ((Inquiry) -> String)? = nil, actor: String, in db: Database,
        _ change: (inout Inquiry, DeadlinePolicy, BusinessCalendar, Date) throws -> Void
    ) throws -> Inquiry {
        var inquiry = try InquiryRows.fetch(id: id, in: db)
        if let seen {
            guard try InquiryRows.newestEventId(of: id, in: db) == seen else {
                throw StoreError.stale("inquiry #\(id)")
            }
        }
        let policy = try policy(for: inquiry.type, in: db)
        let calendar = try businessCalendar(in: db)
        let now = clock.now()
        try change(&inquiry, policy, calendar, now)
        inquiry.deadlines = inquiry.timeline.deadlines(policy: policy, calendar: calendar)
        inquiry.updatedAt = now
        try InquiryRows.update(inquiry, in: db)
        let eventId = try InquiryRows.addEvent(
            kind, inquiryId: id, author: author?(inquiry) ?? actor, at: at ?? now, body: body, in: db)
        try notifyRequester(of: kind, inquiry: inquiry, eventId: eventId, in: db)
        try AuditLog.record(
            "inquiry.\(kind.rawValue)", personId: inquiry.personId, actor: actor, at: now,
            detail: "inquiry #\(id)", in: db)
        return inquiry
    }

    /// Queues the requester's message for answers, questions and extensions, in the step's transaction.
    private func notifyRequester(of kind: InquiryEvent.Kind, inquiry: Inquiry, eventId: Int64, in db: Database) throws {
        let notice: RequesterNotice.Kind
        let text: String?
        switch kind {
        case .reply: (notice, text) = (.reply, nil)
        case .wait: (notice, text) = (.question, nil)
        case .extension: (notice, text) = (.extension, inquiry.extensionReason)
        default: return
        }
        guard let requesterMessages else { return }
        let body =
            try String.fetchOne(db, sql: "SELECT body FROM inquiry_event WHERE id = ?", arguments: [eventId]) ?? ""
        let calendar = try businessCalendar(in: db)
        let message = try requesterMessages.message(
            for: RequesterNotice(
                kind: notice, inquiry: inquiry, person: try PersonRows.fetch(id: inquiry.personId, in: db),
                eventId: eventId,
                text: text ?? body,
                resolutionDay: calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1))))
        if let message { _ = try enqueue(message, at: clock.now(), in: db) }
    }

    func requiredBody(_ body: String) throws -> String {
        guard let text = body.trimmedForStorage else { throw InquiryRuleError.emptyBody }
        return text
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
            try InquiryEvent.fetchAll(
                db, sql: "SELECT * FROM inquiry_event WHERE inquiry_id = ? ORDER BY at, id", arguments: [id])
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
        matching query: InquiryQuery, where whereSQL: String, _ arguments: StatementArguments, in db: Database
    ) throws -> [Inquiry] {
        let items = try Inquiry.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT \(InquiryRows.columns) FROM inquiry WHERE \(whereSQL) ORDER BY \(query.orderSQL) LIMIT ? OFFSET ?"
            ),
            arguments: arguments + [query.limit, query.offset])
        return query.withText ? items : items.map { $0.withoutText() }
    }

    /// How many inquiries meet `whereSQL`; with `cap`, counting stops there.
    static func countInquiries(
        where whereSQL: String, _ arguments: StatementArguments, upTo cap: Int? = nil, in db: Database
    ) throws -> Int {
        guard let cap else {
            return try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM inquiry WHERE \(whereSQL)"), arguments: arguments) ?? 0
        }
        return try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM inquiry WHERE \(whereSQL) LIMIT ?)"),
            arguments: arguments + [cap]) ?? 0
    }
}
