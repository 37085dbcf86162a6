import AlumniCore
import Foundation
import GRDB

/// Which inquiries to list. Closed ones are left out unless the status asks for them.
public struct InquiryQuery: Sendable {
    public var status: InquiryStatus?
    public var types: [InquiryType]?
    public var owner: String?
    public var unassigned = false
    /// A running deadline has passed.
    public var overdue = false
    /// The requester's latest message has waited longer than the silence limit.
    public var silent = false
    /// The next deadline falls within this many seconds from now (and has not passed).
    public var dueWithin: TimeInterval?
    public var personId: Int64?
    public var channel: InquiryChannel?
    /// The requester lives in this country (ISO code).
    public var country: String?
    /// `#INQ-12` (or `INQ-12`, `#12`) for one inquiry; else words that must all appear in the
    /// requester's name or e-mail (ignoring case and accents), or their reference exactly.
    public var search: String?
    /// False leaves the inquiries' words out (``Inquiry/withoutText()``), for a role that
    /// does not read them (``StaffRole/readsCaseText``).
    public var withText = true
    public var limit = 50
    public var offset = 0

    public init() {}

    /// The query's conditions, SQL both stores run, with their values.
    func whereClause(now: Date) throws -> (String, [DatabaseValue]) {
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        func add(_ condition: String, _ values: [any DatabaseValueConvertible]) {
            conditions.append(condition)
            arguments += values.map(\.databaseValue)
        }
        if let status {
            add("status = ?", [status])
            // Said again for SQLite, which cannot tell that this keeps to the open inquiries'
            // partial index.
            if status != .closed { conditions.append("status != 'closed'") }
        } else if !(overdue || silent || dueWithin != nil) {
            // Closed inquiries have neither a next deadline nor a silence time, so the filters
            // on those leave them out already, and the count stays inside the partial index.
            conditions.append("status != 'closed'")
        }
        if let types { add("type IN (\(databaseQuestionMarks(count: types.count)))", types) }
        if let owner { add("owner = ?", [owner]) }
        if unassigned { conditions.append("owner IS NULL") }
        if (owner != nil || unassigned) && status == nil && !(overdue || silent || dueWithin != nil) {
            // The open states named, so the (owner, status) index is searched for each rather
            // than read through every closed case without an owner.
            conditions.append("status IN (\(Self.openStates))")
        }
        if overdue { add("next_due_at IS NOT NULL AND next_due_at <= ?", [now.stored]) }
        if silent { add("silent_at IS NOT NULL AND silent_at <= ?", [now.stored]) }
        if let dueWithin {
            add("next_due_at > ? AND next_due_at <= ?", [now.stored, now.addingTimeInterval(dueWithin).stored])
        }
        if let personId { add("person_id = ?", [personId]) }
        if let channel { add("channel = ?", [channel]) }
        if let country { add("person_id IN (SELECT id FROM person WHERE country = ?)", [country.uppercased()]) }
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            if let id = Self.inquiryNumber(search) {
                add("id = ?", [id])
            } else {
                let words = try SearchKey.words(search)
                let like = words.map { _ in "search_text LIKE ? ESCAPE '\\'" }
                add(
                    "person_id IN (SELECT id FROM person WHERE erased_at IS NULL AND (external_ref = ?"
                        + (like.isEmpty ? "" : " OR (" + like.joined(separator: " AND ") + ")") + "))",
                    [search] + words.map { "%" + PersonQuery.escapeLike($0) + "%" })
            }
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// The number in `#INQ-12`, `INQ-12` or `#12`; nil for anything else.
    static func inquiryNumber(_ text: String) -> Int64? {
        var rest = Substring(text.uppercased())
        if rest.hasPrefix("#") { rest = rest.dropFirst() }
        if rest.hasPrefix("INQ-") { rest = rest.dropFirst(4) } else if !text.hasPrefix("#") { return nil }
        return Int64(rest)
    }

    /// The states of an inquiry not closed, as SQL: `'open', 'waiting'`.
    private static let openStates = InquiryStatus.allCases.filter { $0 != .closed }.map { "'\($0.rawValue)'" }
        .joined(separator: ", ")

    /// By next deadline, soonest (or most overdue) first; cases without one last.
    var orderSQL: String {
        overdue || dueWithin != nil ? "next_due_at, id" : "next_due_at IS NULL, next_due_at, id"
    }
}
