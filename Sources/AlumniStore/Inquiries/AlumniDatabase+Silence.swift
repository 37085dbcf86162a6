import AlumniCore
import Foundation
import GRDB

/// A case where the organisation owes the next word and has not said it.
public struct SilentCase: Sendable, Encodable, Equatable {
    public enum Kind: String, Sendable, Encodable {
        /// The requester's latest message has had no reply within the silence limit.
        case inquiry
        /// A person left and was never said goodbye to.
        case departure
        /// A person's e-mail bounced while they were owed news: reach them another way.
        case unreachable
    }

    public var kind: Kind
    /// The inquiry's id, or the person's for a departure.
    public var id: Int64
    public var personId: Int64
    public var title: String
    public var owner: String?
    /// When the case went silent.
    public var silentSince: Date
}

extension AlumniDatabase {
    /// Records by hand that a person was said goodbye to; ends a silent departure.
    public func recordFarewell(personId: Int64, note: String?, actor: Caller) throws {
        try authorize(.writePeople, actor, personId: personId)
        let actor = actor.name
        try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            try SilenceRows.checkNotErased(person)
            let now = clock.now()
            try db.execute(
                sql: SilenceRows.recordFarewellSQL, arguments: [personId, now.stored, actor, note?.trimmedForStorage])
            try AuditLog.record("person.farewell", personId: personId, actor: actor, at: now, in: db)
        }
    }

    /// Every silent inquiry of the types `actor` may see (of `types`, refused when it names one
    /// they may not), silent departure and unreachable person, oldest silence first; the titles
    /// (subjects, names) are empty for an actor who does not read cases' words.
    public func silentCases(types: [InquiryType]? = nil, as actor: Caller) throws -> [SilentCase] {
        var query = InquiryQuery()
        query.silent = true
        query.types = types
        query = try scoped(query, for: actor)
        let withText = query.withText
        let now = clock.now()
        return try writer.read { db in
            let (whereSQL, arguments) = try query.whereClause(now: now)
            let inquiries = try Row.fetchAll(
                db, sql: SilenceRows.inquiriesSQL(where: whereSQL), arguments: StatementArguments(arguments)
            ).map(SilentCase.init(inquiry:))
            return SilentCase.listed(
                inquiries + (try silentDepartures(now: now, in: db)) + (try unreachablePeople(in: db)),
                withText: withText)
        }
    }

    /// People whose address bounced while they were owed news (see
    /// ``receiveMail(_:bouncedMessage:actor:)``), longest first.
    public func unreachablePeople(as caller: Caller) throws -> [SilentCase] {
        try authorize(.readPeople, caller)
        return try writer.read { db in try unreachablePeople(in: db) }.sorted { $0.silentSince < $1.silentSince }
    }

    func unreachablePeople(in db: Database) throws -> [SilentCase] {
        try Row.fetchAll(db, sql: SilenceRows.unreachableSQL).map(SilentCase.init(unreachable:))
    }

    /// People who left recently and were never said goodbye to, longest silent first: the
    /// oldest `limit`, with how many there are, counted up to one past `countLimit` (the
    /// coordinator's overview shows a few and the count).
    public func silentDepartures(limit: Int, countLimit: Int, as caller: Caller) throws -> Page<SilentCase> {
        try authorize(.readPeople, caller)
        let now = clock.now()
        return try writer.read { db in try silentDepartures(now: now, limit: limit, countLimit: countLimit, in: db) }
    }

    func silentDepartures(now: Date, limit: Int, countLimit: Int, in db: Database) throws -> Page<SilentCase> {
        let window = try departureWindow(now: now, in: db)
        return Page(
            items: try silentDepartures(in: window, limit: limit, db),
            total: try Page<SilentCase>.count(
                db, "SELECT 1 \(window.sql)", StatementArguments(window.values), upTo: countLimit, limit),
            limit: limit, offset: 0, countLimit: max(countLimit, limit))
    }

    func silentDepartures(now: Date, in db: Database) throws -> [SilentCase] {
        try silentDepartures(in: departureWindow(now: now, in: db), limit: nil, db)
    }

    private func silentDepartures(in window: DepartureWindow, limit: Int?, _ db: Database) throws -> [SilentCase] {
        try Row.fetchAll(
            db.cachedStatement(sql: window.rowsSQL(limited: limit != nil)),
            arguments: StatementArguments(window.values + (limit.map { [$0.databaseValue] } ?? []))
        ).map(window.silentCase)
    }

    private func departureWindow(now: Date, in db: Database) throws -> DepartureWindow {
        DepartureWindow(now: now, settings: try settings(in: db), calendar: try businessCalendar(in: db))
    }
}

/// Who counts as a silent departure now: people who left within the look-back window, longer
/// ago than the silence allows, with no farewell, as the `FROM … WHERE …` of a select (its
/// index, `person_left_on_kept`, holds the departures of people not erased). The settings and
/// the calendar are read once, for the count and the rows alike.
struct DepartureWindow {
    let sql = """
        FROM person
        WHERE erased_at IS NULL AND left_on < ? AND left_on >= ?
          AND NOT EXISTS (SELECT 1 FROM farewell WHERE farewell.person_id = person.id)
        """
    let values: [DatabaseValue]
    let calendar: BusinessCalendar
    let silenceDays: Int

    init(now: Date, settings: OrganisationSettings, calendar: BusinessCalendar) {
        self.calendar = calendar
        silenceDays = settings.departureSilenceDays
        let today = calendar.day(of: now)
        values = [
            today.adding(days: -settings.departureSilenceDays).databaseValue,
            today.adding(days: -settings.departureLookbackDays).databaseValue,
        ]
    }

    /// The silent departures, longest silent first; with `limited`, as many as the last value.
    func rowsSQL(limited: Bool) -> String {
        "SELECT id, given_name, family_name, left_on \(sql) ORDER BY left_on, id" + (limited ? " LIMIT ?" : "")
    }

    /// The departure of a row of ``rowsSQL(limited:)``.
    func silentCase(_ row: Row) -> SilentCase {
        let left: CalendarDate = row["left_on"]
        let name = [row["given_name"], row["family_name"]].compactMap { $0 as String? }.joined(separator: " ")
        return SilentCase(
            kind: .departure, id: row["id"], personId: row["id"], title: "\(name) left on \(left) without a farewell",
            owner: nil, silentSince: calendar.endOfDay(left.adding(days: silenceDays)))
    }
}

/// The SQL and rules of silent cases, shared by both stores.
enum SilenceRows {
    static let recordFarewellSQL = "INSERT INTO farewell (person_id, at, actor, note) VALUES (?, ?, ?, ?)"

    /// The silent inquiries meeting `whereSQL`, longest silent first.
    static func inquiriesSQL(where whereSQL: String) -> String {
        "SELECT id, person_id, subject, owner, silent_at FROM inquiry WHERE \(whereSQL) ORDER BY silent_at, id"
    }

    /// People whose address bounced while they were owed news, with the owner of their soonest open case.
    static let unreachableSQL = """
        SELECT id, unreachable_since, email_undeliverable_reason,
            (SELECT owner FROM inquiry WHERE person_id = person.id AND status != 'closed'
             ORDER BY next_due_at, id LIMIT 1) AS owner
        FROM person WHERE unreachable_since IS NOT NULL AND erased_at IS NULL
        """

    /// Refuses a farewell to someone erased.
    static func checkNotErased(_ person: Person) throws {
        guard person.erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "id", reason: "person #\(person.id) was erased")])
        }
    }
}

extension SilentCase {
    /// A silent inquiry from a row of ``SilenceRows/inquiriesSQL(where:)``.
    init(inquiry row: Row) {
        self.init(
            kind: .inquiry, id: row["id"], personId: row["person_id"], title: row["subject"], owner: row["owner"],
            silentSince: row["silent_at"])
    }

    /// An unreachable person from a row of ``SilenceRows/unreachableSQL``.
    init(unreachable row: Row) {
        self.init(
            kind: .unreachable, id: row["id"], personId: row["id"],
            title: "e-mail bounced: \(row["email_undeliverable_reason"] as String? ?? "")", owner: row["owner"],
            silentSince: row["unreachable_since"])
    }

    /// `cases` as the silent list shows them: oldest silence first, the titles left out for an
    /// actor who does not read cases' words.
    static func listed(_ cases: [SilentCase], withText: Bool) -> [SilentCase] {
        cases.map { silent in
            var silent = silent
            if !withText { silent.title = "" }
            return silent
        }.sorted { ($0.silentSince, $0.id) < ($1.silentSince, $1.id) }
    }
}
