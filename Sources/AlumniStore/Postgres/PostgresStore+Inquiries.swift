import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// Inquiries on PostgreSQL: the steps (``InquiryStep``), SQL (`InquiryRows`, `InquiryQuery`) and
/// access rules SQLite's store makes them with, each step one transaction that locks the
/// inquiry's row, so two staff members' steps on one case are made one after the other.
extension PostgresStore {
    // MARK: - Reads

    /// The inquiry with `id`, unchecked: for the store's own steps.
    func inquiry(id: Int64, on connection: PostgresConnection? = nil, locked: Bool = false) async throws -> Inquiry {
        guard
            let row = try await rows(InquiryRows.fetchSQL + (locked ? " FOR UPDATE" : ""), [id], on: connection).first
        else { throw StoreError.notFound("inquiry #\(id)") }
        return Inquiry(ordered: NamedColumns(row: row))
    }

    /// The inquiry's thread, oldest first, if `actor` may read the inquiry.
    public func thread(ofInquiry id: Int64, as actor: Caller) async throws -> [InquiryEvent] {
        _ = try await inquiry(id: id, as: actor)
        return try await rows(InquiryRows.threadSQL, [id]).map(InquiryEvent.init(row:))
    }

    /// One page of inquiries matching `query` as `actor` may see them, sorted by next deadline,
    /// with the total, counted in the page's snapshot.
    public func inquiries(matching query: InquiryQuery, as actor: Caller) async throws -> Page<Inquiry> {
        let query = try await scoped(query, for: actor)
        let (whereSQL, arguments) = try query.whereClause(now: clock.now())
        return try await snapshot { connection in
            let total =
                try await rows(InquiryRows.countSQL(where: whereSQL), arguments, on: connection).first.map {
                    $0[0] as Int
                } ?? 0
            let items = try await rows(
                InquiryRows.pageSQL(where: whereSQL, order: query.orderSQL),
                arguments + [query.limit.databaseValue, query.offset.databaseValue], on: connection
            ).map { Inquiry(ordered: NamedColumns(row: $0)) }
            return Page(
                items: query.withText ? items : items.map { $0.withoutText() }, total: total, limit: query.limit,
                offset: query.offset)
        }
    }

    // MARK: - Opening

    /// Opens an inquiry, if `actor` may work on its type.
    public func openInquiry(_ new: NewInquiry, actor: Caller) async throws -> Inquiry {
        try await authorize(.writeInquiry(new.type), actor, personId: new.personId)
        let now = clock.now()
        let new = try new.validated(now: now)
        return try await transaction { connection in
            try await openInquiry(new, now: now, actor: actor.name, on: connection)
        }
    }

    /// Opens a checked inquiry inside the caller's transaction.
    func openInquiry(_ new: NewInquiry, now: Date, actor: String, on connection: PostgresConnection) async throws
        -> Inquiry
    {
        var inquiry = try Inquiry.opening(
            new, person: try await person(id: new.personId, on: connection),
            policy: try await policy(for: new.type, on: connection),
            calendar: try await businessCalendar(on: connection), now: now)
        inquiry.id = try await insertedId(InquiryRows.insertSQL, InquiryRows.insertValues(inquiry), on: connection)
        try await insertedId(
            InquiryRows.addEventSQL,
            InquiryRows.eventValues(
                .inbound, inquiryId: inquiry.id, author: "person #\(new.personId)", at: inquiry.timeline.receivedAt,
                body: new.body), on: connection)
        try await audit(
            "inquiry.opened", personId: new.personId, actor: actor, at: now, detail: "inquiry #\(inquiry.id)",
            on: connection)
        return inquiry
    }

    // MARK: - Lifecycle

    public func reply(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        try await step(id, try .reply(body), seen: seen, actor: actor)
    }

    public func addNote(toInquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        try await step(id, try .note(body), seen: seen, actor: actor)
    }

    public func recordInbound(toInquiry id: Int64, body: String, at: Date? = nil, actor: Caller) async throws
        -> Inquiry
    {
        try await step(id, try .inbound(body, at: at), actor: actor)
    }

    public func askRequester(inquiry id: Int64, body: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        try await step(id, try .wait(body), seen: seen, actor: actor)
    }

    public func assign(inquiry id: Int64, to owner: String?, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        try await step(id, .assignment(to: owner), seen: seen, actor: actor)
    }

    /// Gives each of inquiries `ids` to `owner` (nil: unassigned), all or none.
    public func assign(inquiries ids: [Int64], to owner: String?, actor: Caller) async throws {
        for id in ids { _ = try await inquiry(id: id, as: actor, write: true) }
        try await transaction { connection in
            for id in ids { _ = try await step(id, .assignment(to: owner), actor: actor.name, on: connection) }
        }
    }

    /// Hands every open inquiry of `from` to `to`; returns how many moved.
    public func reassignInquiries(from: String, to: String, actor: Caller) async throws -> Int {
        try await authorize(.reassignInquiries, actor)
        let from = try from.required("from")
        let to = try to.required("to")
        return try await transaction { connection in
            let ids = try await rows(InquiryRows.openOfOwnerSQL, [from], on: connection).map { $0["id"] as Int64 }
            for id in ids { _ = try await step(id, .assignment(to: to), actor: actor.name, on: connection) }
            return ids.count
        }
    }

    public func extend(
        inquiry id: Int64, byMonths months: Int, reason: String, actor: Caller, ifUnchangedSince seen: Int64? = nil
    ) async throws -> Inquiry {
        try await step(id, .extending(byMonths: months, reason: reason), seen: seen, actor: actor)
    }

    public func close(inquiry id: Int64, resolution: String, actor: Caller, ifUnchangedSince seen: Int64? = nil)
        async throws -> Inquiry
    {
        try await step(id, try .close(resolution: resolution), seen: seen, actor: actor)
    }

    public func reopen(inquiry id: Int64, actor: Caller, ifUnchangedSince seen: Int64? = nil) async throws -> Inquiry {
        try await step(id, .reopen, seen: seen, actor: actor)
    }

    /// One step of `actor`'s, checked and then made in one transaction.
    private func step(_ id: Int64, _ step: InquiryStep, seen: Int64? = nil, actor: Caller) async throws -> Inquiry {
        _ = try await inquiry(id: id, as: actor, write: true)
        return try await transaction { connection in
            try await self.step(id, step, seen: seen, actor: actor.name, on: connection)
        }
    }

    /// The step inside the caller's transaction: the change, the recomputed deadlines, the thread
    /// event, the requester's message in the outbox and the audit entry.
    func step(_ id: Int64, _ step: InquiryStep, seen: Int64? = nil, actor: String, on connection: PostgresConnection)
        async throws -> Inquiry
    {
        let stored = try await inquiry(id: id, on: connection, locked: true)
        if let seen {
            guard try await newestEvent(of: id, on: connection) == seen else {
                throw StoreError.stale("inquiry #\(id)")
            }
        }
        let calendar = try await businessCalendar(on: connection)
        let now = clock.now()
        let inquiry = try step.applied(
            to: stored, policy: try await policy(for: stored.type, on: connection), calendar: calendar, now: now)
        _ = try await rows(InquiryRows.updateSQL, InquiryRows.updateValues(inquiry), on: connection)
        let eventId = try await insertedId(
            InquiryRows.addEventSQL,
            InquiryRows.eventValues(
                step.kind, inquiryId: id, author: step.author?(inquiry) ?? actor, at: step.at ?? now,
                body: step.body), on: connection)
        if let requesterMessages,
            let notice = step.requesterNotice(
                for: inquiry, person: try await person(id: inquiry.personId, on: connection), eventId: eventId,
                calendar: calendar),
            let message = try requesterMessages.message(for: notice)
        {
            try await enqueue(message, at: now, on: connection)
        }
        try await audit(
            step.auditAction, personId: inquiry.personId, actor: actor, at: now, detail: "inquiry #\(id)",
            on: connection)
        return inquiry
    }

    /// The newest thread event of an inquiry, in the caller's transaction.
    func newestEvent(of inquiryId: Int64, on connection: PostgresConnection) async throws -> Int64? {
        try await rows(InquiryRows.newestEventSQL, [inquiryId], on: connection).first?[0]
    }

    /// Runs an `INSERT` and returns the id of the row it added.
    @discardableResult
    func insertedId(_ sql: String, _ values: [DatabaseValue], on connection: PostgresConnection) async throws
        -> Int64
    {
        guard let row = try await rows(sql + " RETURNING id", values, on: connection).first else {
            throw StoreError.refused("\(location): an insert returned no id")
        }
        return row["id"]
    }
}
