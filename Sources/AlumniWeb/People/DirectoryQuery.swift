import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The directory's filters, read from the address (so a search can be bookmarked and exported).
struct DirectoryQuery {
    static let names = ["q", "kind", "country", "language", "tag", "left_from", "left_to"]

    var query = PersonQuery()
    var page = 1
    /// The filters as given, for the form and for links to other pages.
    var values: [String: String] = [:]

    init(_ parameters: Parameters) throws {
        let given = QueryValues(parameters)
        values = given.values.filter { Self.names.contains($0.key) }
        query.search = values["q"]
        query.kind = try given.parsed("kind", PersonKind.init(rawValue:))
        query.country = values["country"]
        query.language = try given.parsed("language", Language.init(rawValue:))
        query.tag = values["tag"]
        query.leftAfter = try given.parsed("left_from", CalendarDate.init(iso:))
        query.leftBefore = try given.parsed("left_to", CalendarDate.init(iso:))
        page = try given.page()
    }

    /// `name=value&…` of the filters given (no page).
    var filterQuery: String {
        Self.names.compactMap { name in
            values[name].map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }.joined(separator: "&")
    }

    /// The address of page `page` of this search.
    func link(page: Int) -> String {
        "/people?" + [filterQuery, "page=\(page)"].filter { !$0.isEmpty }.joined(separator: "&")
    }
}
