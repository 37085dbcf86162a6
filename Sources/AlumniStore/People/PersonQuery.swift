import AlumniCore
import GRDB

/// Which people to list, in what order, and which page.
public struct PersonQuery: Sendable {
    /// The orders a list can be sorted in.
    public enum Sort: String, CaseIterable, Sendable {
        case name, left, joined, created, id
    }

    public var kind: PersonKind?
    public var country: String?
    public var language: Language?
    public var tag: String?
    /// Left on or after this day.
    public var leftAfter: CalendarDate?
    /// Left on or before this day.
    public var leftBefore: CalendarDate?
    /// Words that must all appear in the name or email, ignoring case and accents.
    public var search: String?
    public var sort: Sort = .name
    public var descending = false
    public var limit = 50
    public var offset = 0

    public init() {}

    /// The condition every list starts from: people not erased.
    private static let notErased = "erased_at IS NULL"

    /// The filters in `alumni people list`'s words ("country=NO tag=board search"), for the
    /// audit log; a search's words are left out, as they may be someone's name. Empty for none.
    var filterSummary: String {
        let filters: [(String, String?)] = [
            ("kind", kind?.rawValue), ("country", country), ("language", language?.rawValue), ("tag", tag),
            ("left-after", leftAfter?.description), ("left-before", leftBefore?.description),
        ]
        return (filters.compactMap { name, value in value.map { "\(name)=\($0)" } } + (search == nil ? [] : ["search"]))
            .joined(separator: " ")
    }

    /// True when anything but erasure narrows the list.
    var isFiltered: Bool { (try? whereClause().0) != Self.notErased }

    func whereClause() throws -> (String, StatementArguments) {
        var conditions = [Self.notErased]
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: some DatabaseValueConvertible) {
            conditions.append(condition)
            arguments += [value]
        }
        if let kind {
            // A person who was both an employee and a customer counts as either.
            conditions.append("kind IN (?, 'both')")
            arguments += [kind]
        }
        if let country { add("country = ?", country.uppercased()) }
        if let language { add("language = ?", language) }
        if let tag { add("id IN (SELECT person_id FROM person_tag WHERE tag = ?)", tag) }
        if let leftAfter { add("left_on >= ?", leftAfter) }
        if let leftBefore { add("left_on <= ?", leftBefore) }
        for word in try SearchKey.words(search ?? "") {
            add("search_text LIKE ? ESCAPE '\\'", "%" + Self.escapeLike(word) + "%")
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    var orderSQL: String {
        let direction = descending ? "DESC" : "ASC"
        let primary: String =
            switch sort {
            case .name:
                // Unfiltered, the name index gives a page at once. Filtered, SQLite would walk that
                // index and read every row in name order until a page matched (seconds at a million
                // for a rare search); `+` keeps a filtered list to one scan and a sort.
                "\(isFiltered ? "+" : "")family_name COLLATE NOCASE \(direction), "
                    + "\(isFiltered ? "+" : "")given_name COLLATE NOCASE \(direction)"
            case .left: "left_on \(direction)"
            case .joined: "joined_on \(direction)"
            case .created: "created_at \(direction)"
            case .id: "id \(direction)"
            }
        return primary + ", id \(direction)"
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
