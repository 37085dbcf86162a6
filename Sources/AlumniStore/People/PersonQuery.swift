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

    /// The condition, SQL with `?` placeholders that reads the same on both stores, and its values.
    func whereClause() throws -> (String, [DatabaseValue]) {
        var conditions = [Self.notErased]
        var arguments: [DatabaseValue] = []
        func add(_ condition: String, _ value: some DatabaseValueConvertible) {
            conditions.append(condition)
            arguments.append(value.databaseValue)
        }
        if let kind {
            // A person who was both an employee and a customer counts as either.
            add("kind IN (?, 'both')", kind)
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

    /// The order, in `dialect`'s words: the same order on both stores (PostgreSQL folds case the
    /// way SQLite's NOCASE does, ASCII only, compares bytes, and puts NULLs where SQLite does).
    func orderSQL(_ dialect: SQLDialect = .sqlite) -> String {
        let direction = descending ? "DESC" : "ASC"
        let nulls = dialect == .postgres ? (descending ? " NULLS LAST" : " NULLS FIRST") : ""
        let primary: String =
            switch (sort, dialect) {
            case (.name, .sqlite):
                // Unfiltered, the name index gives a page at once. Filtered, SQLite would walk that
                // index and read every row in name order until a page matched (seconds at a million
                // for a rare search); `+` keeps a filtered list to one scan and a sort.
                "\(isFiltered ? "+" : "")family_name COLLATE NOCASE \(direction), "
                    + "\(isFiltered ? "+" : "")given_name COLLATE NOCASE \(direction)"
            case (.name, .postgres):
                "ascii_lower(family_name) COLLATE \"C\" \(direction)\(nulls), "
                    + "ascii_lower(given_name) COLLATE \"C\" \(direction)\(nulls)"
            case (.left, _): "left_on \(direction)\(nulls)"
            case (.joined, _): "joined_on \(direction)\(nulls)"
            case (.created, _): "created_at \(direction)"
            case (.id, _): "id \(direction)"
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
